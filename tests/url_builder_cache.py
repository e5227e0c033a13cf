"""URL builders that every test app generates the same, generated once per test process.

Werkzeug turns each URL rule into a small Python function (url_for calls it) by
building and compiling source code when the rule is added to an app. The
service has about 55 rules, and almost every web test creates its own app:
that code generation was most of create_app's 37 ms CPU, for a function that
depends on nothing but the rule's text, its parts and its default keys, and
that takes the rule as its first argument. `share_url_builders()` keeps the
generated function per such key, so the next app binds the same function to its
own rule. Rules whose defaults fill a part of the path (their function has the
default's converted value built in) are generated every time, as before.
"""
from __future__ import annotations

from importlib.metadata import version

from werkzeug.routing.rules import Rule

_GENERATE = Rule._compile_builder
_BUILDERS: dict[tuple, object] = {}


def _shared_compile_builder(self, append_unknown: bool = True):
    defaults = self.defaults or {}
    if any(is_dynamic and part in defaults for is_dynamic, part in self._trace):
        return _GENERATE(self, append_unknown)
    key = (self.rule, append_unknown, tuple(self._trace), tuple(defaults))
    builder = _BUILDERS.get(key)
    if builder is None:
        builder = _BUILDERS[key] = _GENERATE(self, append_unknown)
    return builder


def share_url_builders() -> bool:
    """Reuse generated URL builders from now on in this process; False if Werkzeug's internals differ."""
    if Rule._compile_builder is _shared_compile_builder:
        return True
    # Written against Werkzeug 3.1's Rule (compile() binds what _compile_builder returns
    # to the rule); another version may generate differently, so it is left alone.
    if not version("werkzeug").startswith("3.1."):
        return False
    Rule._compile_builder = _shared_compile_builder
    return True
