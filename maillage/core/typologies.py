"""Typologies de structures (vocabulaire data·inclusion v0 retenu par le standard des lieux, 92 codes)."""

import json
from functools import cache
from pathlib import Path


@cache
def typologies_structures() -> dict[str, str]:
    data = json.loads((Path(__file__).parent / "data" / "typologies_structures.json").read_text(encoding="utf-8"))
    return {t["value"]: t["label"] for t in data}


def typologie_choices() -> list[tuple[str, str]]:
    return sorted(typologies_structures().items(), key=lambda kv: kv[1].lower())
