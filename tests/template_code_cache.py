"""One in-memory Jinja bytecode cache for every Flask app a test process creates.

Almost every web test builds its own app (create_app), and each app has its own
Jinja environment, so without this every test compiled the templates it renders
again: lexing, parsing and code generation were a sixth of a web test's time.
Jinja's bytecode cache is its own supported way to skip that: a template's
compiled code is reused only when its source is byte for byte the same
(Jinja checks a checksum of the source) and, here, only for an environment with
the same compile-time options (extensions, delimiters, autoescape, ...). What a
template does at run time (globals, filters, the request) still comes from the
app that renders it.
"""
from __future__ import annotations

import flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


def _compile_options(environment) -> tuple:
    """What decides the code Jinja generates for a source (two apps with equal options share code)."""
    def name(value):
        return getattr(value, "__qualname__", repr(value)) if callable(value) else repr(value)

    return (tuple(sorted(environment.extensions)), environment.block_start_string,
            environment.block_end_string, environment.variable_start_string,
            environment.variable_end_string, environment.comment_start_string,
            environment.comment_end_string, environment.line_statement_prefix,
            environment.line_comment_prefix, environment.trim_blocks, environment.lstrip_blocks,
            environment.newline_sequence, environment.keep_trailing_newline,
            environment.optimized, environment.is_async, name(environment.autoescape),
            name(environment.finalize), name(environment.undefined),
            name(environment.code_generator_class), name(environment.context_class))


class SharedTemplateCode(BytecodeCache):
    """Compiled templates kept in memory, keyed by template, file and the environment's compile options."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        key = f"{self.get_cache_key(name, filename)} {_compile_options(environment)!r}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        bucket.reset()
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


def share_template_code() -> SharedTemplateCode:
    """Give every Flask app created from now on in this process the one shared cache."""
    cache = flask.Flask.jinja_options.get("bytecode_cache")
    if not isinstance(cache, SharedTemplateCode):
        cache = SharedTemplateCode()
        flask.Flask.jinja_options = {**flask.Flask.jinja_options, "bytecode_cache": cache}
    return cache
