"""Statistics of a text's words for keyword extraction.

`tokens` cuts a text into words with sentence and phrase breaks; `units` joins the words of
one name (an entity mention, or capitalized words in a row) into a single unit, so a name is
never split; `scoring` ranks phrases of units with the YAKE features (Campos et al., 2020).
"""
