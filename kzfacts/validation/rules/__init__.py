"""kzfacts' own data rules, one module per family; importing this package registers them in order.

:mod:`.base` holds the Rule class, the registry and the streaming engine; the families add rules
to ``RULES`` in the order reports list them.
"""

# isort: off
# Import order is registration order, which is the order reports list the rules.
from kzfacts.validation.rules import dates, tonnage, provenance, references, values, archive

# isort: on
from kzfacts.validation.rules.base import RULES, Finding, Row, Rows, Rule, run_rules

__all__ = [
    "RULES",
    "Finding",
    "Row",
    "Rows",
    "Rule",
    "archive",
    "dates",
    "provenance",
    "references",
    "run_rules",
    "tonnage",
    "values",
]
