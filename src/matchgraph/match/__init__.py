"""Matching: turn a typed need into hard constraints and soft text, then find artifacts that serve it.

``need`` holds the typed model of a parsed need, ``need_parser`` reads free text into it and
``units`` reads numbers, money and token counts as people type them.
"""
