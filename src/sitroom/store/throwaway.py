"""A throwaway PostgreSQL cluster on 127.0.0.1, for the tests and the benchmarks.

``initdb`` into a temporary folder, ``pg_ctl start`` on a free port, one database per caller,
everything removed by :meth:`ThrowawayCluster.stop`. It uses the server binaries of Debian's
``postgresql`` package (``/usr/lib/postgresql/*/bin``) or whatever ``initdb`` is on the PATH.
PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` user that
the Debian package creates. Durability is switched off (fsync, full page writes): the cluster
lives for one test session and is never worth a disk flush.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or no unprivileged user to run them as."""


def server_bin_dir() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, newest Debian version first."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]), reverse=True)
    initdb = found[0] if found else shutil.which("initdb")
    if not initdb:
        raise ClusterUnavailable("PostgreSQL server binaries not found (apt-get install postgresql)")
    return Path(initdb).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayCluster:
    """Start with :meth:`start`, hand out databases with :meth:`create_database`, then :meth:`stop`."""

    def __init__(self) -> None:
        self.bin = server_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="sitroom-pg-"))
        self.port = _free_port()
        self.user = "sitroom"
        self._run_as = self._unprivileged_prefix()

    def _unprivileged_prefix(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        runuser = shutil.which("runuser")
        try:
            import pwd

            pw = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ClusterUnavailable("running as root and no 'postgres' user to run the server as") from exc
        if not runuser:
            raise ClusterUnavailable("running as root and runuser is missing")
        os.chown(self.root, pw.pw_uid, pw.pw_gid)
        return [runuser, "-u", "postgres", "--"]

    def _pg(self, tool: str, *args: str) -> None:
        cmd = [*self._run_as, str(self.bin / tool), *args]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.root)
        if done.returncode != 0:
            raise ClusterUnavailable(f"{tool} failed: {(done.stderr or done.stdout).strip()[-400:]}")

    def start(self) -> ThrowawayCluster:
        data = self.root / "data"
        self._pg("initdb", "-D", str(data), "-U", self.user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-N")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")  # fmt: skip
        self._pg("pg_ctl", "start", "-w", "-t", "60", "-D", str(data), "-l", str(self.root / "server.log"), "-o", options)
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # name is ours: hex only
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        with contextlib.suppress(ClusterUnavailable, subprocess.TimeoutExpired):
            self._pg("pg_ctl", "stop", "-m", "immediate", "-D", str(self.root / "data"))
        shutil.rmtree(self.root, ignore_errors=True)
