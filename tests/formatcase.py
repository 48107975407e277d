"""The three-rule pack and the story the output-format tests (github, sarif, html) share.

Each format test writes its expected output by hand from these; only the first rule's
message differs, so that each format's escaping is tested with the characters it must
escape.
"""

from __future__ import annotations

SELECT = "t-comments,t-related,t-links"
STORY = (
    "Storm hits the coast\n"  # 1
    "\n"  # 2
    "The storm arrived [click here] on Monday.\n"  # 3: [click here] at offsets 40-52, columns 19-30
    "\n"  # 4
    "DON'T MISS:\n"  # 5 (offset 65)
    "Minister resigns over expenses row\n"  # 6
    "Germany aims to overhaul its army\n"  # 7 (ends at column 34)
    "\n"  # 8 (offset 146)
    "Residents were evacuated.\n"  # 9
    "\n"  # 10
    "Comments are closed.\n"  # 11 (offsets 174-195)
)
_REST = """\
pattern: "comments are closed[.!]?"
---
id: t-dont-miss
message: DONT-MISS block
category: t-related
pattern: "don't miss\\\\s*:?"
block:
  follow: headline
  max-lines: 8
---
id: t-click-here
message: Click-here link residue
category: t-links
severity: info
match: search
fix: replace
replacement: "(link)"
pattern: "\\\\[click here\\\\]"
"""


def pack(comments_message: str, description: str = "") -> str:
    """The pack's YAML; ``comments_message`` is the first rule's message as written in
    YAML (quoted where it needs to be), ``description`` its optional block of docs."""
    head = (f"id: t-comments-closed\nmessage: {comments_message}\ncategory: t-comments\n"
            "severity: error\n")
    if description:
        head += "description: |\n" + "".join(f"  {line}\n" if line else "\n"
                                              for line in description.splitlines())
    return head + _REST
