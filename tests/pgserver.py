"""Start and stop a throwaway PostgreSQL server from Debian's binaries.

Shared by the test fixtures and the benchmarks so both run against a real
server on loopback without any set-up by hand.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


@dataclass
class PostgresServer:
    """A running server; `url(name)` is the SQLAlchemy URL of database `name`."""

    port: int
    root: Path
    bindir: Path
    options: str = ""  # the server's command-line options, to start it again as it was


    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)

    def pause(self) -> None:
        """Stop the server as an operator's restart would (open connections are cut), keeping its data."""
        subprocess.run(_as_server_user([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                                        "-m", "fast", "-w", "stop"]), check=True, capture_output=True)

    def resume(self) -> None:
        """Start a paused server again on the same port."""
        subprocess.run(_as_server_user([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                                        "-l", str(self.root / "server.log"), "-o", self.options,
                                        "-w", "-t", "60", "start"]), check=True, capture_output=True)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run(_as_server_user([str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                                        "-m", "immediate", "-w", "stop"]), capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None when none is installed."""
    found = sorted(glob.glob(PG_BIN_GLOB))
    return Path(found[-1]) if found and Path(found[-1], "initdb").exists() else None


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(args: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; use the Debian `postgres` user then.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def start_postgres(durable: bool = False, max_connections: int = 200) -> PostgresServer:
    """Start a server in a new temporary folder on a free loopback port.

    `durable=False` turns off fsync and synchronous commit: right for tests;
    benchmarks pass True to measure what a real deployment would see.
    """
    bindir = postgres_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed: run scripts/system-packages.sh")
    root = Path(tempfile.mkdtemp(prefix="kursportal-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    datadir, log = root / "data", root / "server.log"
    port = free_port()
    subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres",
                                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"]),
                   check=True, capture_output=True)
    # Parallel test workers each start a server: two may be handed the same free
    # port between free_port() and the server's bind, so a failed start tries another.
    for attempt in range(5):
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections={max_connections}"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        started = subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(datadir), "-l", str(log),
                                                  "-o", options, "-w", "-t", "60", "start"]),
                                 capture_output=True)
        if started.returncode == 0:
            return PostgresServer(port, root, bindir, options)
        port = free_port()
    raise RuntimeError(f"PostgreSQL did not start; see {log}:\n{log.read_text(errors='replace')[-2000:]}")
