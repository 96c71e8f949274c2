"""WCAG 2.2 AA checks with axe-core on every kind of page, in light and dark schemes.

axe-core is vendored as tests/browser/axe.min.js: version 4.14.1, from the npm
registry (``npm pack axe-core@4``), licensed MPL-2.0 (header kept in the file).
Node is not needed to run the tests: the script is injected into the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

AXE_JS = Path(__file__).with_name("axe.min.js")
AXE_VERSION = "4.14.1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme

RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    count: v.nodes.length,
    nodes: v.nodes.slice(0, 3).map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' '),
      html: n.html,
      summary: n.failureSummary,
    })),
  }));
}
"""


def describe(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} axe violation(s) on {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({v['count']} element(s)) {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    target: {node['target']}")
            lines.append(f"    html:   {node['html']}")
            if node.get("summary"):
                lines.append("    " + node["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    source = AXE_JS.read_text(encoding="utf-8")
    assert source.startswith(f"/*! axe v{AXE_VERSION}"), "tests/browser/axe.min.js is not the vendored axe-core"
    return source


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_page_has_no_wcag_violations(visit, page_type, scheme, width, axe_source):
    """On a phone and a laptop: a table that scrolls sideways only at phone width is found only there."""
    name, path = page_type
    page = visit(path, width, scheme)
    if name != "poster":  # the poster is a standalone sheet for printing, without the theme's schemes
        # Material picks the palette that matches prefers-color-scheme; make sure it did,
        # so the dark run really checks the dark colours.
        page.wait_for_function(
            "scheme => document.body.getAttribute('data-md-color-scheme') === scheme", arg=SCHEMES[scheme]
        )
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, describe(violations, f"{name} page {path} ({scheme} scheme, {width} px)")
