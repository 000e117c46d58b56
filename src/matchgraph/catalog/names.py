"""Slugs and name normalisation.

A slug is ``organization/model-id``: lowercase, characters ``[a-z0-9._-]``, exactly one ``/``.
``normalize_alias`` folds the many spellings of one name (case, separators, spaces) to one key so
that ``GPT-4o mini``, ``gpt_4o_mini`` and ``gpt-4o-mini`` meet.
"""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9._-]+/[a-z0-9._-]+$")
_SLUG_PART_BAD = re.compile(r"[^a-z0-9._-]+")
_ALIAS_SEPARATORS = re.compile(r"[\s_:/@]+")
_ALIAS_BAD = re.compile(r"[^a-z0-9.\-]+")
_DASHES = re.compile(r"-{2,}")


def is_valid_slug(slug: str) -> bool:
    """True when ``slug`` follows the slug rule."""
    return bool(SLUG_RE.match(slug)) and not any(part.strip(".-") == "" for part in slug.split("/"))


def slug_part(text: str) -> str:
    """Turn free text into one slug part: lowercase ASCII, ``[a-z0-9._-]``, no leading/trailing dots."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace(" ", "-").replace("_", "-").replace("/", "-").replace(":", "-")
    text = _SLUG_PART_BAD.sub("-", text)
    text = _DASHES.sub("-", text).strip("-.")
    return text


def make_slug(organization: str, model_id: str) -> str:
    """Compose a valid slug from an organization and a model id; raises ValueError if empty."""
    org, mid = slug_part(organization), slug_part(model_id)
    if not org or not mid:
        raise ValueError(f"cannot make a slug from {organization!r} / {model_id!r}")
    return f"{org}/{mid}"


def normalize_alias(text: str) -> str:
    """Fold a model name or key to a comparison key (idempotent).

    Case, whitespace, ``_ : / @`` separators and repeated dashes are folded to single dashes;
    dots are kept because they carry versions (``1.5`` is not ``15``).
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower().strip()
    # "Command R+" is "command-r-plus" in host keys; dropping the "+" would merge it with "Command R".
    text = text.replace("+", "-plus-")
    text = _ALIAS_SEPARATORS.sub("-", text)
    text = _ALIAS_BAD.sub("-", text)
    text = _DASHES.sub("-", text).strip("-.")
    return text
