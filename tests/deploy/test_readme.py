"""The README's settings table is the operator's list: every variable settings.py reads is in it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_settings() -> set[str]:
    text = (ROOT / "README.md").read_text()
    table = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_variable_settings_reads_is_in_the_readme_table():
    source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", source))
    assert read, "no env_* readers found in settings.py"
    assert read - readme_settings() == set()


def test_every_readme_setting_reaches_the_compose_app_services():
    # An operator sets them in the shell of `docker compose up`, as the README does with
    # ALLOWED_HOSTS: one the compose file does not pass on would be silently ignored.
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        missing = {var for var in readme_settings() if var not in env and f"{var}_FILE" not in env}
        assert missing == set(), name
