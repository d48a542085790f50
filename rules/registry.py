"""The one registry of rule packs: where packs are found, what each governs, and loading them by id.

A pack is a YAML file (``lishui.yaml``) or a folder holding ``pack.yaml``, with its regulation text beside it
(or named from the shipped texts in corpus/regulations). Packs are looked for, in this order, in the locations
given on the command line (``--pack-dir``, ``--rules PATH``), the directories in ``$YUSHEN_PACK_PATH``
(``os.pathsep``-separated), the ``pack_dirs:`` of the config file (``$YUSHEN_CONFIG``, else
``$XDG_CONFIG_HOME/yushen/config.yaml``, else ``~/.config/yushen/config.yaml``), and the built-in packs. An id
defined twice, or a region governed by two packs, is an error naming both files.

Selection reads the headers only: :meth:`PackRegistry.find` (a 6-digit 民政部 code → the pack that governs
exactly that division), :meth:`central` (the pack for 中央和国家机关), :meth:`fallback`, :meth:`for_doc_type`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import RulePackError
from .model import RulePack, build_pack, header, load_yaml, read_pack_file

BUILTIN_DIR = Path(__file__).resolve().parent / "packs"
ENV_VAR = "YUSHEN_PACK_PATH"
SHARED_EXAMPLES = "_examples.yaml"
_PACK_LINE = re.compile(r"^(?:pack|rules)\s*:", re.M)


@dataclass(frozen=True)
class PackInfo:
    """A pack's header: enough to list and select packs without parsing their rules."""

    id: str
    name: str  # display name
    source: str  # the regulation's title
    path: Path  # the pack's YAML file
    extends: str | None
    regions: tuple[str, ...]
    levels: tuple[str, ...]
    fallback: bool
    doc_types: tuple[str, ...]
    builtin: bool


def config_path() -> Path:
    if os.environ.get("YUSHEN_CONFIG"):
        return Path(os.environ["YUSHEN_CONFIG"]).expanduser()
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "yushen" / "config.yaml"


def configured_dirs() -> list[Path]:
    """``pack_dirs:`` of the config file (relative paths are relative to the file), plus ``$YUSHEN_PACK_PATH``."""
    dirs = [Path(p).expanduser() for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    cfg = config_path()
    if cfg.is_file():
        data = load_yaml(cfg) or {}
        listed = data.get("pack_dirs") or [] if isinstance(data, dict) else None
        if not isinstance(listed, list):
            raise RulePackError(f"{cfg}: pack_dirs: expected a list of directories")
        dirs += [cfg.parent / Path(str(p)).expanduser() for p in listed]
    return dirs


def pack_files(location: Path) -> list[Path]:
    """The pack files at a location: the file itself, a pack folder's pack.yaml, or every pack in a directory."""
    if location.is_file():
        return [location]
    if not location.is_dir():
        raise RulePackError(f"{location}: no such pack file or directory")
    if (location / "pack.yaml").is_file():
        return [location / "pack.yaml"]
    out = []
    for p in sorted(location.iterdir()):
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(("_", ".")) and p.is_file():
            if _PACK_LINE.search(p.read_text(encoding="utf-8", errors="replace")):  # other YAML (a config) is not
                out.append(p)
        elif p.is_dir() and (p / "pack.yaml").is_file():
            out.append(p / "pack.yaml")
    return out


class PackRegistry:
    """The packs at ``locations`` (searched first) and the built-in ones."""

    def __init__(self, locations: Sequence[Path | str] = (), builtin: bool = True):
        self._infos: dict[str, PackInfo] = {}
        self._loaded: dict[str, RulePack] = {}
        where = [(Path(p), False) for p in locations] + ([(BUILTIN_DIR, True)] if builtin else [])
        for location, is_builtin in where:
            for path in pack_files(location):
                h = header(read_pack_file(path))
                if h["id"] in self._infos:
                    if self._infos[h["id"]].path.resolve() == path.resolve():
                        continue
                    raise RulePackError(f"pack id {h['id']!r} defined twice: {self._infos[h['id']].path} and {path}")
                self._infos[h["id"]] = PackInfo(path=path, builtin=is_builtin, **h)
        governed: dict[str, PackInfo] = {}
        for info in self._infos.values():
            for code in info.regions:
                if code in governed:
                    raise RulePackError(f"region {code} governed by two packs: {governed[code].path} and {info.path}")
                governed[code] = info
        self._governed = {code: info.id for code, info in governed.items()}

    # -- listing -------------------------------------------------------------------------------------------
    def ids(self) -> tuple[str, ...]:
        """Fallback first, then by the region codes governed (province before its cities), then the rest."""
        return tuple(i.id for i in sorted(self._infos.values(),
                                          key=lambda i: (not i.fallback, not i.regions, i.regions, i.id)))

    def infos(self) -> list[PackInfo]:
        return [self._infos[i] for i in self.ids()]

    def info(self, pack_id: str) -> PackInfo:
        if pack_id not in self._infos:
            raise RulePackError(f"no rule pack {pack_id!r}; known: {', '.join(self.ids())}")
        return self._infos[pack_id]

    def choices(self) -> tuple[str, ...]:
        """What ``--rules`` and the web form accept: auto, then every pack id."""
        return ("auto", *self.ids())

    def names(self) -> dict[str, str]:
        return {i.id: i.name for i in self.infos()}

    def id_at(self, location: Path | str) -> str | None:
        """The id of the pack in a file or pack folder (``--rules PATH``)."""
        files = {p.resolve() for p in pack_files(Path(location))}
        return next((i.id for i in self._infos.values() if i.path.resolve() in files), None)

    # -- selection -----------------------------------------------------------------------------------------
    def find(self, region_code: str) -> str | None:
        """The pack governing exactly this 6-digit division code, or None (parents are the caller's choice)."""
        return self._governed.get(str(region_code))

    def central(self) -> str | None:
        """The pack for central organs (中央和国家机关): the one whose levels include ``central``."""
        return next((i.id for i in self.infos() if "central" in i.levels), None)

    def fallback(self) -> str | None:
        """The pack for documents no other pack governs (``fallback: true``)."""
        return next((i.id for i in self.infos() if i.fallback), None)

    def for_doc_type(self, doc_type: str) -> str | None:
        """The pack that reviews this document type whatever its region (``doc_types: [crypto_plan]``)."""
        return next((i.id for i in self.infos() if doc_type in i.doc_types), None)

    # -- loading -------------------------------------------------------------------------------------------
    def load(self, pack_id: str, _seen: tuple[str, ...] = ()) -> RulePack:
        if pack_id in self._loaded:
            return self._loaded[pack_id]
        if pack_id in _seen:
            raise RulePackError(f"circular extends: {' -> '.join((*_seen, pack_id))}")
        info = self.info(pack_id)
        data = read_pack_file(info.path)
        parent = self.load(info.extends, (*_seen, pack_id)) if info.extends else None
        examples: dict = {}
        for shared in dict.fromkeys((BUILTIN_DIR / SHARED_EXAMPLES, info.path.parent / SHARED_EXAMPLES)):
            if shared.is_file():
                examples.update(load_yaml(shared) or {})
        pack = build_pack(data, info.path, parent, examples)
        self._loaded[pack_id] = pack
        return pack

    def load_all(self) -> dict[str, RulePack]:
        return {i: self.load(i) for i in self.ids()}


_CACHE: dict[tuple, PackRegistry] = {}


def default(locations: Sequence[Path | str] = ()) -> PackRegistry:
    """The registry of ``locations`` + ``$YUSHEN_PACK_PATH`` + the config file's ``pack_dirs`` + the built-ins,
    rebuilt when any of them changes."""
    where = [Path(p) for p in locations] + configured_dirs()
    stamp = []
    for loc in [*where, BUILTIN_DIR]:
        files = pack_files(loc)
        stamp += [(str(f), f.stat().st_mtime_ns) for f in files]
        stamp += [(str(f.parent / SHARED_EXAMPLES), (f.parent / SHARED_EXAMPLES).stat().st_mtime_ns)
                  for f in files[:1] if (f.parent / SHARED_EXAMPLES).is_file()]
    key = (tuple(map(str, where)), tuple(stamp))
    if key not in _CACHE:
        _CACHE.clear()  # one live registry: packs edited between calls are reloaded
        _CACHE[key] = PackRegistry(where)
    return _CACHE[key]


# The default registry's API as functions: the pipeline, the CLI, the web form and the benchmarks use these.
def ids() -> tuple[str, ...]:
    return default().ids()


def choices() -> tuple[str, ...]:
    return default().choices()


def names() -> dict[str, str]:
    return default().names()


def find(region_code: str) -> str | None:
    return default().find(region_code)


def load(pack_id: str) -> RulePack:
    return default().load(pack_id)


def load_pack(pack_id: str, pack_dir: Path | str | None = None) -> RulePack:
    """One pack by id, from the default registry or (``pack_dir``) from that directory and the built-ins."""
    return (PackRegistry([pack_dir]) if pack_dir is not None else default()).load(pack_id)


def load_all() -> dict[str, RulePack]:
    return default().load_all()
