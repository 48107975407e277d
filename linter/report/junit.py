"""``--output-format junit``: JUnit XML, for CI systems that show test reports.

``<testsuites name="artlint">`` holds one ``<testsuite>`` per file read, named by its
path. A file with findings has one ``<testcase>`` per finding (``classname`` the path,
``name`` ``rule-id line:column``) whose ``<failure>`` carries the severity as ``type``,
the message as ``message`` and ``path:line:col: rule-id message`` as text; a clean file
has one passing ``<testcase name="artlint">``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from linter.report.base import document
from linter.report.groups import by_path

if TYPE_CHECKING:
    from linter.report.base import Context
    from linter.report.results import Located, Summary

# Characters XML 1.0 does not allow, even escaped; they become U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(summary: Summary) -> str:
    groups = by_path(summary.findings)
    paths = list(dict.fromkeys([*summary.paths, *groups]))
    suites = ET.Element("testsuites", name="artlint")
    total = failures = 0
    for path in paths:
        found = groups.get(path, [])
        suite = ET.SubElement(suites, "testsuite", name=_clean(path))
        cases = [_case(suite, item) for item in found] or [
            ET.SubElement(suite, "testcase", name="artlint", classname=_clean(path))
        ]
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(len(found)))
        suite.set("errors", "0")
        total += len(cases)
        failures += len(found)
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(summary.problems))
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _case(suite: ET.Element, item: Located) -> ET.Element:
    f, path = item.finding, _clean(item.path)
    case = ET.SubElement(suite, "testcase", name=f"{f.rule} {item.line}:{item.column}",
                         classname=path, file=path, line=str(item.line))
    failure = ET.SubElement(case, "failure", message=_clean(f.message), type=f.severity.value)
    failure.text = _clean(f"{item.path}:{item.line}:{item.column}: {f.rule} {f.message}"
                          f"{item.inside()}")
    return case


def _document(summary: Summary, fixing: str, context: Context) -> str:
    return render(summary)


RENDERER = document(_document)
