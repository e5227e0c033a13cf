"""The suite's own speed-ups keep what they replace: a reused PostgreSQL database looks freshly
cloned to the next test, and apps sharing compiled templates still render their own pages."""
from __future__ import annotations

import psycopg
import pytest
from jinja2 import DictLoader
from sqlalchemy import select

from registration.db import make_engine, make_session_factory
from registration.models import Person
from tests.builders import Builder, make_app
from tests.conftest import _ReusedPostgres
from tests.fixed_clock import Clock
from tests.template_code_cache import SharedTemplateCode, share_template_code


@pytest.fixture
def databases(postgres_server, _postgres_template):
    reused = _ReusedPostgres(postgres_server, _postgres_template)
    yield reused
    reused.close()


def _exists(server, name) -> bool:
    with psycopg.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres") as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


@pytest.mark.postgres
def test_a_reused_database_comes_back_empty_with_its_ids_starting_again(databases, postgres_server):
    name = databases.take()
    left_open = make_engine(postgres_server.url(name))  # as a test that forgets to dispose leaves it
    db = make_session_factory(left_open)()
    first = Builder(db).employee(name="Eva Medarbetare")  # a manager and an employee: ids 1 and 2
    db.commit()
    leaked = left_open.connect()  # a connection checked out and not returned before the next test
    assert first.id == 2
    databases.give_back()

    assert databases.take() == name  # the same database, not a new clone
    engine = make_engine(postgres_server.url(name))
    db = make_session_factory(engine)()
    assert db.scalars(select(Person)).all() == []
    assert Builder(db).person().id == 1
    db.close()
    engine.dispose()
    leaked.invalidate()  # the database cut it: close it without the rollback a return would try
    leaked.close()
    left_open.dispose()


@pytest.mark.postgres
def test_a_database_whose_schema_a_test_changed_is_dropped_and_the_next_is_a_fresh_clone(
        databases, postgres_server):
    name = databases.take()
    with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user="postgres", dbname=name,
                         autocommit=True) as conn:
        conn.execute("CREATE TABLE left_behind (x int)")
    databases.give_back()
    assert not _exists(postgres_server, name)

    fresh = databases.take()
    assert fresh != name
    with psycopg.connect(host="127.0.0.1", port=postgres_server.port, user="postgres", dbname=fresh) as conn:
        assert conn.execute("SELECT to_regclass('left_behind')").fetchone() == (None,)
        assert conn.execute("SELECT count(*) FROM people").fetchone() == (0,)


def test_flask_apps_share_one_template_cache_and_render_their_own_globals():
    import flask

    cache = share_template_code()
    assert share_template_code() is cache
    templates = DictLoader({"page.html": "{{ greeting }}, {{ name }}"})
    rendered = []
    for greeting in ("Hej", "Hello"):
        app = flask.Flask(__name__)
        app.jinja_loader = templates
        app.jinja_env.globals["greeting"] = greeting
        with app.test_request_context():
            rendered.append(flask.render_template("page.html", name="Eva"))
        assert app.jinja_env.bytecode_cache is cache
    assert rendered == ["Hej, Eva", "Hello, Eva"]


def test_compiled_code_is_reused_only_for_the_same_source_and_compile_options():
    from jinja2 import Environment

    cache = SharedTemplateCode()

    def compile_count(environment, source):
        environment.bytecode_cache = cache
        environment.loader = DictLoader({"t.html": source})
        before = len(cache._code)
        environment.get_template("t.html")
        return len(cache._code) - before

    assert compile_count(Environment(), "{{ 1 }}") == 1
    assert compile_count(Environment(), "{{ 1 }}") == 0  # same source, same options: reused
    assert cache.get_bucket(Environment(), "t.html", None, "{{ 2 }}").code is None  # source changed
    assert compile_count(Environment(autoescape=True), "{{ 1 }}") == 1  # other options: own code
    assert compile_count(Environment(variable_start_string="[[", variable_end_string="]]"),
                         "{{ 1 }}") == 1


def _same_code(one, other) -> bool:
    a, b = one.__code__, other.__code__
    return (a.co_code, a.co_consts, a.co_varnames, a.co_names, one.__defaults__) == (
        b.co_code, b.co_consts, b.co_varnames, b.co_names, other.__defaults__)


def test_every_rule_of_the_service_gets_the_builder_werkzeug_would_generate_for_it(sqlite_url, tmp_path):
    from tests.url_builder_cache import _GENERATE, share_url_builders

    assert share_url_builders()
    make_app(sqlite_url, Clock(), tmp_path)  # the builders are shared from the second app on
    app = make_app(sqlite_url, Clock(), tmp_path, DEMO=True)
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 40
    for rule in rules:
        for append_unknown, bound in ((False, rule._build), (True, rule._build_unknown)):
            assert bound.__self__ is rule
            assert _same_code(bound.__func__, _GENERATE(rule, append_unknown)), rule.rule


def test_two_apps_share_builders_and_each_builds_its_own_urls(sqlite_url, tmp_path):
    import flask

    first = make_app(sqlite_url, Clock(), tmp_path)
    second = make_app(sqlite_url, Clock(), tmp_path, SERVICE_URL="https://annan.example/anmalan")
    one = next(first.url_map.iter_rules("auth.sign_in"))
    other = next(second.url_map.iter_rules("auth.sign_in"))
    assert one._build.__func__ is other._build.__func__
    with first.test_request_context(base_url="https://a.example/x"):
        assert flask.url_for("auth.sign_in", next="/me", _external=True) == "https://a.example/x/sign-in?next=/me"


def test_a_rule_whose_default_fills_part_of_its_path_is_generated_on_its_own():
    from werkzeug.routing import Map, Rule as WerkzeugRule

    from tests.url_builder_cache import share_url_builders

    assert share_url_builders()
    maps = [Map([WerkzeugRule("/page/<int:n>", defaults={"n": n}, endpoint="page")]) for n in (1, 2)]
    built = [m.bind("example.org").build("page", {}) for m in maps]
    assert built == ["/page/1", "/page/2"]
