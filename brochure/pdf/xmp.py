"""The XMP metadata packet, written from the document info so the two say the same
(PDF/A 6.6.3): dc:title, dc:language, pdfuaid:part 1 and, for PDF/A, pdfaid:part 2 +
conformance B with the extension schema that declares pdfuaid (PDF/A does not predefine it).
"""

from __future__ import annotations

import re
from html import escape as html_escape

_PDFUA_EXTENSION = """
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
      xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
      xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>"""


def escape(text: str) -> str:
    """`& < >` escaped for XML text (as xml.sax.saxutils does, without importing urllib)."""
    return html_escape(text, quote=False)


def xmp_date(pdf_date: str) -> str:
    """`D:20261101000000+00'00'` → `2026-11-01T00:00:00+00:00` (the same instant)."""
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:([Z+-])(\d\d)?'?(\d\d)?'?)?", pdf_date)
    if not m:
        raise ValueError(f"cannot read the PDF date {pdf_date!r}")
    y, mo, d, h, mi, s, sign, th, tm = m.groups()
    zone = "Z" if sign in (None, "Z") else f"{sign}{th or '00'}:{tm or '00'}"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def xmp_packet(info: dict[str, str], lang: str, ua: bool, pdfa: bool) -> bytes:
    """The packet for document info `info` (keys as in the Info dictionary, no slash,
    values as text; Trapped as the name without its slash)."""
    props = ["<dc:format>application/pdf</dc:format>"]

    def alt(tag: str, value: str) -> None:
        props.append(
            f'<{tag}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
            f"</rdf:Alt></{tag}>"
        )

    if "Title" in info:
        alt("dc:title", info["Title"])
    if "Author" in info:
        props.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(info['Author'])}</rdf:li>"
                     "</rdf:Seq></dc:creator>")
    if "Subject" in info:
        alt("dc:description", info["Subject"])
    props.append(
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang or 'x-default')}</rdf:li></rdf:Bag>"
        "</dc:language>"
    )
    simple = {"Keywords": "pdf:Keywords", "Producer": "pdf:Producer", "Creator": "xmp:CreatorTool"}
    for key, tag in simple.items():
        if key in info:
            props.append(f"<{tag}>{escape(info[key])}</{tag}>")
    if "Trapped" in info:
        props.append(f"<pdf:Trapped>{info['Trapped'].lstrip('/')}</pdf:Trapped>")
    for key, tag in (("CreationDate", "xmp:CreateDate"), ("ModDate", "xmp:ModifyDate")):
        if key in info:
            props.append(f"<{tag}>{xmp_date(info[key])}</{tag}>")
    if "ModDate" in info:
        props.append(f"<xmp:MetadataDate>{xmp_date(info['ModDate'])}</xmp:MetadataDate>")
    if ua:
        props.append("<pdfuaid:part>1</pdfuaid:part>")
    if pdfa:
        props.append("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>")
    body = "\n   ".join(props)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
      xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
      xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   {body}
  </rdf:Description>{_PDFUA_EXTENSION if ua and pdfa else ""}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
