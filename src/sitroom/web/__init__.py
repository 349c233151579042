"""Server-rendered pages over the same queries as the JSON API: no JS, one CSS file of ours."""
