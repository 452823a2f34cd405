"""Static files as `make run` and production serve them (PEERCOACH_COLLECTED_STATIC): collected
into STATIC_ROOT, hashed names a browser keeps for good, gzip to whoever accepts it. The other
tests run with the apps' own files (no collectstatic beforehand); this one collects into a
temporary folder in a child process, since the storage is chosen when settings load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import peercoach

pytestmark = pytest.mark.database_free

ROOT = Path(peercoach.__file__).resolve().parent.parent

PROBE = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
call_command("migrate", verbosity=0)
import re
page = Client().get("/signin/").content.decode()
href = re.search(r'href="([^"]*bootstrap[^"]*\\.css)"', page).group(1)
plain = Client().get(href)
gzipped = Client().get(href, headers={"Accept-Encoding": "gzip, deflate, br"})
print(json.dumps({
    "href": href,
    "plain": [plain.status_code, len(b"".join(plain.streaming_content)),
              plain.get("Content-Encoding")],
    "gzip": [gzipped.status_code, len(b"".join(gzipped.streaming_content)),
             gzipped.get("Content-Encoding"), gzipped["Cache-Control"]],
}))
"""


def test_collected_static_files_are_hashed_compressed_and_cached_for_good(tmp_path):
    unwanted = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PEERCOACH_PRODUCTION"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted}
    env.update(
        DJANGO_SETTINGS_MODULE="peercoach.settings",
        PEERCOACH_COLLECTED_STATIC="1",
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DEBUG="0",
    )
    command = [sys.executable, "-c", PROBE]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["href"].startswith("/static/vendor/bootstrap-5.3.9.min.")  # a hash in the name
    status, size, encoding = found["plain"]
    assert (status, encoding) == (200, None)
    status, gzipped_size, encoding, cache = found["gzip"]
    assert (status, encoding) == (200, "gzip")
    assert gzipped_size < size / 4
    assert "immutable" in cache and "max-age=315360000" in cache
