"""Blueprints of the service, named for what people do there.

my_courses (employees), approvals (managers), decision_links (deciding from
e-mail), records, my_data, api, admin/ (administrators), demo_sign_in and
dev_outbox (demo only). refusals holds the one handler for a refused workflow change.
"""
