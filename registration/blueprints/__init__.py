"""Blueprints of the service, named for what people do there: employee, manager, api, demo.

Other features add theirs (links from e-mail, admin); create_app registers them.
"""
