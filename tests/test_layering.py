"""The layering rule of DESIGN.md: kiosk/, devices/ and hub/ never import Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "kiosk": ("PySide6", "shiboken6", "ui"),
    "hub": ("PySide6", "shiboken6", "ui"),
    "devices": ("PySide6", "shiboken6", "ui", "kiosk.flows"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_forbidden_import_statically() -> None:
    bad = []
    for package, forbidden in FORBIDDEN.items():
        for path in (ROOT / package).rglob("*.py"):
            for name in _imports(path):
                if any(name == f or name.startswith(f + ".") for f in forbidden):
                    bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not bad, "\n".join(bad)


def test_importing_core_loads_no_qt() -> None:
    """Import every core, driver and hub module in a fresh interpreter; Qt must stay unloaded."""
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in FORBIDDEN
        for p in (ROOT / package).rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"Qt or ui loaded by the core: {out.stdout}"


def test_import_linter_contracts() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_core_layers_and_the_root_are_contracts() -> None:
    """The layers inside kiosk/ (corebank -> outbox -> journeys -> terminal), drivers that
    never import the core, and only the composition root importing the sandbox are checked
    by import-linter, not just by convention."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    [layers] = [c for c in contracts if c["type"] == "layers"]
    order = [layer.split(" | ")[0] for layer in layers["layers"]]
    assert order.index("kiosk.terminal") < order.index("kiosk.flows")
    assert order.index("kiosk.flows") < order.index("kiosk.outbox") < order.index("kiosk.corebank")
    forbidden = {(tuple(c["source_modules"]), tuple(c["forbidden_modules"]))
                 for c in contracts if c["type"] == "forbidden"}  # fmt: skip
    assert (("devices",), ("kiosk",)) in forbidden
    [sandbox] = [src for src, bad in forbidden if bad == ("kiosk.sandbox",)]
    assert "kiosk.terminal" not in sandbox and {"kiosk.flows", "ui"} <= set(sandbox)
