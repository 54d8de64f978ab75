"""A throwaway PostgreSQL cluster for one test session: Debian's initdb and pg_ctl, in a folder of its own.

It listens on 127.0.0.1 on a free port (and on a Unix socket in its folder, never the system's), trusts
local connections (a test database, not a deployment) and runs without fsync. As root, PostgreSQL
refuses to run, so the cluster belongs to Debian's ``postgres`` user; as anyone else it is theirs.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.hub.prereqs import free_port

SUPERUSER = "postgres"


@dataclass
class PostgresCluster:
    bin: Path  # /usr/lib/postgresql/NN/bin
    folder: Path
    port: int = field(default_factory=free_port)
    running: bool = False

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log_path(self) -> Path:
        return self.folder / "postgres.log"

    def _owner(self) -> str | None:
        """The Unix user to run the server as: ``postgres`` when we are root, else ourselves (None)."""
        return SUPERUSER if os.geteuid() == 0 else None

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        owner = self._owner()
        prefix = ["runuser", "-u", owner, "--"] if owner else []
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(self.folder)}
        run = subprocess.run([*prefix, "env", "-i", *(f"{k}={v}" for k, v in env.items()), *command],
                             cwd=self.folder, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert run.returncode == 0, f"{' '.join(command)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}" \
                                    f"\n{self.log_text()}"
        return run

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def start(self) -> PostgresCluster:
        self.folder.mkdir(parents=True, exist_ok=True)
        owner = self._owner()
        if owner:
            entry = pwd.getpwnam(owner)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self.folder.chmod(0o700)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off " \
                  "-c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_path), "-o", options,
                  "-w", "-t", "60", "start")
        self.running = True
        return self

    def url(self, database: str, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database; its SQLAlchemy URL (nbgrader creates the tables when it first opens it)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def tables(self, database: str) -> list[str]:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database) as connection:
            rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        return sorted(r[0] for r in rows)

    def stop(self) -> None:
        if self.running:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)
