"""The `cast` fixture loaded from its prebuilt file is the cast building it gives, row for row."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import inspect as schema, text
from sqlalchemy.orm import sessionmaker

from registration.db import get_engine, make_engine
from tests.builders import Builder
from tests.registration.conftest import _build_cast


def rows(engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {table: conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
                for table in schema(engine).get_table_names()}


def test_the_prebuilt_cast_has_every_row_and_id_building_it_gives(request, app, cast, build, site_db,
                                                                    _sqlite_template, tmp_path):
    assert request.node._prebuilt_cast  # this test took the fast path
    built_path = tmp_path / "built.sqlite3"
    shutil.copyfile(_sqlite_template, built_path)
    engine = make_engine(f"sqlite:///{built_path}")
    db = sessionmaker(bind=engine, expire_on_commit=False)()
    builder = Builder(db)
    built = _build_cast(builder, db)
    db.close()
    assert rows(get_engine(app)) == rows(engine)
    assert [(type(p), p.id, p.email) for p in vars(cast).values() if hasattr(p, "email")] == [
        (type(p), p.id, p.email) for p in vars(built).values() if hasattr(p, "email")]
    assert cast.session.id == built.session.id
    # The test's builder goes on where building the cast left off: no address is taken twice.
    assert build.person().email == builder.person().email
    engine.dispose()


class TestAnAppOfItsOwn:
    @pytest.fixture
    def app(self, app_with):
        return app_with()

    def test_a_test_with_its_own_app_gets_the_cast_built_as_before(self, request, cast, look):
        from registration.models import Person

        assert getattr(request.node, "_prebuilt_cast", None) is None
        with look() as db:
            assert db.get(Person, cast.employee.id).name == "Eva Medarbetare"
        assert cast.session.capacity == 3
