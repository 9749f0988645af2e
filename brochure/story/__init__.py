"""The story: content blocks turned into ReportLab flowables that know their role.

`styles` (the theme as paragraph styles), `richtext` (spans → escaped paragraph
markup), `flowables` (our own flowables with their structure roles), `blocks` (one
builder per block kind), `pictures` (illustrations and logos) and `largeprint`.
"""
