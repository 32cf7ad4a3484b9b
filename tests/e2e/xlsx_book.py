"""Writes an .xlsx workbook for the end-to-end tests: Python's zipfile and hand-written
SpreadsheetML. Run as `xlsx_book.py OUT` with Python on stdin that calls book([...]) with the
cell helpers below in scope (Inline, Num, Formula, Err, Rich, date).
"""
import datetime
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

OUT = sys.argv[1]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


class Inline(str):
    """A string written in the cell (t="inlineStr"), not in the shared strings."""


class Num:
    """A number cell with the text exactly as given ("1E+20")."""
    def __init__(self, text):
        self.text = text


class Formula:
    """A formula; `value` None means the file holds no result for it."""
    def __init__(self, text, value=None, kind=None):
        self.text, self.value, self.kind = text, value, kind


class Err:
    def __init__(self, code):
        self.code = code


class Rich:
    """A shared string made of rich-text runs, with a phonetic guide that is not text."""
    def __init__(self, *runs):
        self.runs = runs


class Raw:
    """Cell XML written as it is."""
    def __init__(self, xml):
        self.xml = xml


def column(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def book(sheets, date1904=False, package_rels=True, references=True, extra_parts=None):
    strings, index = [], {}

    def shared(key, xml):
        if key not in index:
            index[key] = len(strings)
            strings.append(xml)
        return index[key]

    def serial(day):
        if date1904:
            return (day - datetime.date(1904, 1, 1)).days
        return (day - datetime.date(1899, 12, 30)).days

    def cell(ref, value):
        r = f' r="{ref}"' if references else ""
        if value is None:
            return ""
        if isinstance(value, Raw):
            return value.xml
        if isinstance(value, bool):
            return f'<c{r} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, datetime.date):
            return f'<c{r} s="1"><v>{serial(value)}</v></c>'
        if isinstance(value, (int, float)):
            return f"<c{r}><v>{value!r}</v></c>"
        if isinstance(value, Num):
            return f"<c{r}><v>{value.text}</v></c>"
        if isinstance(value, Err):
            return f'<c{r} t="e"><v>{escape(value.code)}</v></c>'
        if isinstance(value, Formula):
            kind = f' t="{value.kind}"' if value.kind else ""
            result = "" if value.value is None else f"<v>{escape(str(value.value))}</v>"
            return f"<c{r}{kind}><f>{escape(value.text)}</f>{result}</c>"
        if isinstance(value, Inline):
            return f'<c{r} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
        if isinstance(value, Rich):
            runs = "".join(f'<r><rPr><b/></rPr><t xml:space="preserve">{escape(run)}</t></r>' for run in value.runs)
            i = shared(("rich",) + value.runs, runs + "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh>")
            return f'<c{r} t="s"><v>{i}</v></c>'
        i = shared(value, f"<t>{escape(value)}</t>")
        return f'<c{r} t="s"><v>{i}</v></c>'

    def sheet_xml(rows):
        out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
               "<dimension ref=\"A1\"/><sheetData>"]
        for n, row in enumerate(rows, start=1):
            if isinstance(row, tuple):  # (row number, cells): rows may be skipped
                n, row = row
            r = f' r="{n}"' if references else ""
            out.append(f"<row{r}>" + "".join(cell(f"{column(i)}{n}", v) for i, v in enumerate(row)) + "</row>")
        out.append('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                   "</worksheet>")
        return "".join(out)

    parts = {}
    for k, (name, rows) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{k}.xml"] = sheet_xml(rows)
    sheet_list = "".join(f'<sheet name={quoteattr(name)} sheetId="{k}" r:id="rId{k}"/>'
                         for k, (name, _) in enumerate(sheets, start=1))
    pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    parts["xl/workbook.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                                f"{pr}<sheets>{sheet_list}</sheets></workbook>")
    rels = "".join(f'<Relationship Id="rId{k}" Type="{REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
                   for k in range(1, len(sheets) + 1))
    rels += f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    parts["xl/_rels/workbook.xml.rels"] = f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">{rels}</Relationships>'
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}" count="{len(strings)}" '
                                     f'uniqueCount="{len(strings)}">' + "".join(f"<si>{s}</si>" for s in strings) + "</sst>")
    if package_rels:
        parts["_rels/.rels"] = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">'
                                f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
                                "</Relationships>")
        parts["[Content_Types].xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>')
    parts.update(extra_parts or {})
    with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


date = datetime.date
exec(sys.stdin.read())
