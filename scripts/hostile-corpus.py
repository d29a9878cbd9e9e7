#!/usr/bin/env python3
"""Writes tests/hostile/corpus.jsonl: hostile strings, one JSON value a
line, so the file itself carries no raw control character. A line is a
string, or a big one written short: {"repeat": S, "times": N, "around":
[BEFORE, AFTER]}. A few lines hold escaped lone surrogates on purpose.
Run it again after editing the lists below:
`python3 scripts/hostile-corpus.py`."""

import json
import pathlib

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"

bases = {
    # CSI: colours, cursor movement, scroll regions, clears, modes.
    "csi-colour": f"{ESC}[31mred{ESC}[0m",
    "csi-256": f"{ESC}[38;5;196mred{ESC}[48;2;255;0;0mtrue{ESC}[m",
    "csi-many-params": {"repeat": "1;", "times": 200, "around": [ESC + "[", "m"]},
    "csi-home": f"{ESC}[Hhome",
    "csi-goto": f"{ESC}[10;10Hthere",
    "csi-up": f"{ESC}[5Aup",
    "csi-erase-line": f"{ESC}[2Kgone",
    "csi-clear": f"{ESC}[2J{ESC}[3Jcleared",
    "csi-scroll-region": f"{ESC}[1;5rregion",
    "csi-alt-screen": f"{ESC}[?1049halt",
    "csi-hide-cursor": f"{ESC}[?25lhidden",
    "csi-mouse": f"{ESC}[?1000h{ESC}[?1006hmouse",
    "csi-report": f"{ESC}[6n{ESC}[cquery",
    "ris": f"{ESC}creset",
    "decsc": f"{ESC}7saved{ESC}8",
    "csi-unterminated": f"{ESC}[31",
    # OSC: titles, links, clipboard, iTerm2, palette.
    "osc-title-bel": f"{ESC}]0;pwned{BEL}",
    "osc-title-st": f"{ESC}]2;pwned{ST}",
    "osc8-link": f"{ESC}]8;;https://evil.example/{ST}click{ESC}]8;;{ST}",
    "osc52-clipboard": f"{ESC}]52;c;ZWNobyBwd25lZA=={BEL}",
    "osc1337-file": f"{ESC}]1337;File=inline=1:AAAA{BEL}",
    "osc4-palette": f"{ESC}]4;1;rgb:00/00/00{BEL}",
    "osc-unterminated": f"{ESC}]0;never ends",
    # DCS, sixel, kitty graphics (APC), SOS, PM.
    "dcs": f"{ESC}P1$r0m{ST}",
    "sixel": f"{ESC}Pq#0;2;0;0;0#0~~~~{ST}",
    "apc-kitty": f"{ESC}_Ga=T,f=100;iVBORw0KGgo={ST}",
    "sos": f"{ESC}Xstart of string{ST}",
    "pm": f"{ESC}^privacy message{ST}",
    # C0 tricks.
    "bel": f"ding{BEL}{BEL}{BEL}",
    "nul": "nul\x00byte",
    "backspace": "safe\x08\x08\x08\x08EVIL",
    "carriage-return": "looks safe\rEVIL",
    "vt-ff": "a\x0bb\x0cc",
    "del": "del\x7fete",
    "tab-flood": {"repeat": "\t", "times": 500, "around": ["", "x"]},
    "newline-flood": {"repeat": "\n", "times": 500, "around": ["", "x"]},
    # C1 controls, raw (as code points; UTF-8 encoded in the file).
    "c1-csi": "\u009b31mred",
    "c1-osc": "\u009d0;title\u009c",
    "c1-dcs": "\u0090dcs\u009c",
    "c1-nel": "a\u0085b",
    "c1-all": "".join(chr(c) for c in range(0x80, 0xA0)),
    # Bidi overrides and isolates, and zero-width characters.
    "bidi-rlo": "user\u202egnp.exe",
    "bidi-lro": "\u202dforced ltr",
    "bidi-isolates": "\u2066a\u2067b\u2068c\u2069",
    "bidi-marks": "\u200fright\u200eleft\u061c",
    "zero-width-handle": "adm\u200bin@exa\u200dmple",
    "zero-width-joiners": {"repeat": "\u200c\u200d\ufeff\u2060", "times": 50, "around": ["", ""]},
    # Floods and sizes.
    "combining-flood": {"repeat": "\u0301", "times": 2000, "around": ["Z", ""]},
    "long-line": {"repeat": "A", "times": 100_000, "around": ["", ""]},
    "wide-flood": {"repeat": "漢", "times": 5000, "around": ["", ""]},
    "emoji-zwj": {"repeat": "👩\u200d👩\u200d👧\u200d👦", "times": 200, "around": ["", ""]},
    "nested-html": {"repeat": "<b>", "times": 10_000, "around": ["", "deep" + "</b>" * 3]},
    "img-flood": {"repeat": '<img src="https://evil.example/x.png">', "times": 5000, "around": ["", ""]},
    "megabyte": {"repeat": "word ", "times": 210_000, "around": ["", ""]},
    "html-script": "<script>alert(1)</script><style>*{}</style>",
    "html-entities": "&#27;[31m &#x1b;]0;t&#7; &#155;31m &#x9b;",
    "html-unclosed": "<a href='x'><b><i>open",
}

forms = [
    lambda s: s,
    lambda s: f"<p>before {s} after</p>",
    lambda s: f"{s}{s}",
]

out = []
for name, s in bases.items():
    if isinstance(s, dict):
        # Big ones once, as they are, and once inside a paragraph.
        out.append(s)
        out.append(dict(s, around=["<p>" + s["around"][0], s["around"][1] + "</p>"]))
    else:
        for form in forms:
            out.append(form(s))
# Escaped lone surrogates: serde must refuse or replace them, never panic.
surrogates = ['"lone \\ud800 high"', '"lone \\udfff low"', '"pair \\ud83d\\ude00 ok"']

path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "hostile" / "corpus.jsonl"
with path.open("w", encoding="utf-8") as f:
    for s in out:
        f.write(json.dumps(s, ensure_ascii=True) + "\n")
    for raw in surrogates:
        f.write(raw + "\n")
print(f"{path}: {len(out) + len(surrogates)} strings")
