"""Everything that depends on a language tag, answered in one place.

For any BCP 47 tag: which script it is written in and its direction (`script`), its UI
string table (`strings`), how it writes dates (`dates`) and its hyphenation dictionary
(`hyphenation`). Fonts, layout, HTML and email ask here instead of deciding themselves.
Babel's answers are remembered on disk between runs (`cldr`): a cold build need not load
its CLDR tables again.
"""
