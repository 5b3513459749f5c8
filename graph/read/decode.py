"""Bytes to text for one note: BOMs, legacy encodings, mojibake, binary files, line endings.

``decode`` is pure. Its fast path (valid UTF-8 without mojibake signs) costs one strict decode, one
regex scan and one hash, so it stays cheap on 10,000-note corpora; everything else happens only when
that path fails.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import math
import re
from typing import TYPE_CHECKING

from noteatlas.schema import Diagnostic, SourceFile
from noteatlas.schema.codes import diagnostic

if TYPE_CHECKING:
    import ftfy

    from noteatlas.graph.read.restore.lattice import Restoration

# ftfy, charset-normalizer and the restoration model (~180 ms of imports together) load when a
# note first needs them: clean UTF-8 notes, nearly all of them, never do.

__all__ = ["decode", "normalize_newlines", "repair_mojibake"]

# Leading bytes that identify a Unicode encoding. UTF-32 LE comes before UTF-16 LE: its BOM starts
# with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that never occur in text (tab, LF, FF, CR and ESC do).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_SNIFF = 8192

# What a UTF-8 lead byte followed by a continuation byte looks like once the bytes were read as
# cp1252/latin-1: a letter from Â..ô, then a character from U+0080..U+00BF or one of cp1252's
# 0x80-0x9F specials. Clean Chinese, curly quotes after CJK, "café" and emoji never match.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]")


@functools.cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    """Only the steps that undo a wrong decoding; ftfy's cosmetic fixes (quotes, widths,
    ligatures, normalisation) would change text that was right."""
    import ftfy
    import ftfy.bad_codecs  # registers the "sloppy-windows-1252" codec

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


# Legacy encodings charset-normalizer may pick from, most likely first (after GB18030, tried
# before it): Western Windows, then traditional Chinese, Japanese, Korean, other code pages.
_LEGACY = ("cp1252", "big5", "shift_jis", "euc_jp", "euc_kr", "cp1251", "cp1250", "cp1253",
           "cp1254", "cp1257", "koi8_r")  # fmt: skip

# Rivals of GB18030 for bytes that decode as plausible Chinese.
_CJK = ("gb18030", "big5", "shift_jis", "euc_jp", "euc_kr")

_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so line N of the text is line N as an editor shows the file."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, path: str, *, keep_newlines: bool = False) -> SourceFile | Diagnostic:
    """Decode a note's bytes; a Diagnostic instead when the file is not text and is skipped.

    ``keep_newlines`` leaves CRLF and CR as they are (``noteatlas repair`` writes files back).
    """
    out = _Out(path, hashlib.sha256(data).hexdigest(), keep_newlines)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            out.report(diagnostic("encoding-bom", path, codec=codec))
            return out.finish(_decode_unicode(data, codec, out), codec, mojibake=True)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # the fast path; UTF-16 text without a BOM is valid UTF-8 full of NULs
        if "\x00" not in text or not _looks_binary(data):
            return out.finish(text, "utf-8", mojibake=True)

    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        out.report(diagnostic("encoding-legacy", path, variant="utf-16", codec=utf16))
        return out.finish(_decode_unicode(data, utf16, out), utf16, mojibake=True)

    if _looks_binary(data):
        return diagnostic("binary-skipped", path, size=len(data))
    return _decode_non_utf8(data, out)


def _decode_non_utf8(data: bytes, out: _Out) -> SourceFile:
    """Strict UTF-8 failed: a damaged UTF-8 file, GB18030/GBK, another legacy encoding, or junk."""
    # A UTF-8 file with a few broken bytes: decoding it as anything else would garble the rest.
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd") - data.count("\ufffd".encode())
    if len(_NON_ASCII.findall(loose)) - bad >= 3 * bad:
        return out.finish(_decode_unicode(data, "utf-8", out), "utf-8", mojibake=True)

    # GB18030 first, strictly, before asking charset-normalizer: the notes are Chinese, and on short
    # files (a title and a sentence) charset-normalizer often does not even list GB18030, or ranks
    # Big5/cp1252 above it. A strict GB18030 decode rarely succeeds on cp1252 or Big5 bytes without
    # yielding rare characters, which _plausible_chinese rejects. EUC-JP/EUC-KR bytes do decode as
    # common GB2312 characters, so a CJK rival that charset-normalizer rates clearly less chaotic
    # than GB18030 still wins.
    guess = None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible_chinese(text):
            guess = _cjk_rival(data)
            if guess is None:
                out.report(diagnostic("encoding-legacy", out.path, variant="gb18030"))
                return out.finish(text, "gb18030", mojibake=False)

    guess = guess or _guess_encoding(data)
    if guess is not None:
        out.report(diagnostic("encoding-legacy", out.path, codec=guess))
        return out.finish(data.decode(guess, errors="replace"), guess, mojibake=False)
    return out.finish(_decode_unicode(data, "utf-8", out), "utf-8", mojibake=False)


class _Out:
    """Diagnostics and repairs collected while decoding one file."""

    def __init__(self, path: str, sha: str, keep_newlines: bool = False) -> None:
        self.path, self.sha, self.keep_newlines = path, sha, keep_newlines
        self.diags: list[Diagnostic] = []
        self.repairs: list[str] = []

    def report(self, problem: Diagnostic) -> None:
        self.diags.append(problem)

    def finish(self, text: str, encoding: str, *, mojibake: bool) -> SourceFile:
        text = text.removeprefix("\ufeff")  # a second BOM, or GB18030's own (84 31 95 33)
        if mojibake and _MOJIBAKE_HINT.search(text):
            text = _repair_mojibake(text, self)
        return SourceFile(
            path=self.path,
            text=text if self.keep_newlines else normalize_newlines(text),
            encoding=encoding,
            repairs=self.repairs,
            sha256=self.sha,
            diagnostics=self.diags,
        )


def repair_mojibake(text: str, path: str = "") -> tuple[str, list[Diagnostic], list[str]]:
    """``text`` with its mojibake undone (lost bytes restored), with the diagnostics and repairs
    that say so; clean text comes back as it is, with none."""
    out = _Out(path, "", keep_newlines=True)
    if _MOJIBAKE_HINT.search(text):
        text = _repair_mojibake(text, out)
    return text, out.diags, out.repairs


def _decode_unicode(data: bytes, codec: str, out: _Out) -> str:
    """Decode strictly; on failure decode with U+FFFD and report where the first bad byte is."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        text = data.decode(codec, errors="replace")
        before = data[: exc.start].decode(codec, errors="replace")
        line = normalize_newlines(before).count("\n") + 1
        count = text.count("\ufffd") - before.count("\ufffd")
        out.report(diagnostic("undecodable", out.path, line, codec=codec, offset=exc.start))
        out.repairs.append(f"undecodable: {count} U+FFFD")
        return text


def _repair_mojibake(text: str, out: _Out) -> str:
    """Undo UTF-8-read-as-cp1252: ftfy when no byte was lost, ``restore`` when some were."""
    import ftfy

    from noteatlas.graph.read.restore.lattice import restore, unrestored

    line = _line_of_first_hint(text)
    try:
        fixed, steps = ftfy.fix_encoding_and_explain(text, _ftfy_config())
    except (UnicodeError, ValueError):  # ftfy must not take the build down
        fixed, steps = text, []
    signs = len(_MOJIBAKE_HINT.findall(text))
    if signs - len(_MOJIBAKE_HINT.findall(fixed)) < 2:
        # One sign is no evidence: "café»“" is clean text whose bytes happen to spell 黓, and
        # so is "café”“café“" (two signs, one of them a character ftfy can make: 锓). ftfy judges
        # the whole text; unless it removed two signs that made us ask, its changes (a lone "Â "
        # made a no-break space ...) rest on no evidence: keep the text.
        fixed, steps = text, []
    # Hints ftfy left are bytes it could not place; a U+FFFD is a byte a reader replaced, which
    # ftfy turns into a U+FFFD of its own for the whole character (it "repairs" nothing there).
    if _MOJIBAKE_HINT.search(fixed) or "\ufffd" in text:
        restored = restore(text, _names(out.path))
        if restored is not None:
            _report_restoration(restored, out, line)
            return restored.text
    if fixed == text:
        cut = unrestored(text)
        if cut >= 2:
            out.report(diagnostic("mojibake-lossy", out.path, line, variant="kept", count=cut))
        return text
    plan = " -> ".join(step for _, step in steps or []) or "ftfy"
    out.repairs.append(f"mojibake: {plan}")
    lost = fixed.count("\ufffd")  # ftfy's replace_lossy_sequences makes a cut character one
    if lost > 0:  # ftfy gave up on some characters: say so, not "repaired"
        out.report(
            diagnostic(
                "mojibake-lossy", out.path, line, variant="unrestored", plan=plan, count=lost
            )
        )
        return fixed
    out.report(diagnostic("mojibake-repaired", out.path, line, plan=plan))
    return fixed


def _report_restoration(restored: Restoration, out: _Out, line: int | None) -> None:
    """One warning with the counts, one note per least certain restoration."""
    lost = f", {restored.unknown} had no candidate and are U+FFFD" if restored.unknown else ""
    out.repairs.append(
        f"mojibake: lost bytes restored ({restored.restored} characters inferred"
        f"{f', {restored.unknown} unknown' if restored.unknown else ''})"
    )
    out.report(diagnostic("mojibake-lossy", out.path, line, restored=restored.restored, lost=lost))
    for doubt in restored.doubts:
        out.report(
            diagnostic(
                "mojibake-uncertain", out.path, doubt.line, chosen=doubt.chosen,
                context=doubt.context, runner_up=doubt.runner_up, odds=math.exp(doubt.margin),
            )
        )  # fmt: skip


def _names(path: str) -> tuple[str, ...]:
    """The file name of a note without its extension (intact text: lossy mojibake damages what
    a file holds, not what it is called). Folder names say less of one note: 注意力与Transformer
    made 与 likelier in every note of its folder."""
    name = re.split(r"[\\/]", path)[-1].rsplit(".", 1)[0]
    return (name,) if name else ()


def _line_of_first_hint(text: str) -> int | None:
    match = _MOJIBAKE_HINT.search(text)
    if match is None:
        return None
    return normalize_newlines(text[: match.start()]).count("\n") + 1


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KiB."""
    sample = data[:_SNIFF]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls * 10 > len(sample)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, recognised by the zero high bytes of its ASCII characters."""
    sample = data[: _SNIFF & ~1]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    if zeros_odd * 3 >= len(odd) and zeros_even * 50 <= len(even):
        codec = "utf-16-le"
    elif zeros_even * 3 >= len(even) and zeros_odd * 50 <= len(odd):
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\x1b")
    return codec if controls * 20 <= len(text) else None


def _plausible_chinese(text: str) -> bool:
    """Most Han characters fall in GB2312, as in real simplified Chinese (not Big5/cp1252 bytes)."""
    han = _HAN.findall(text)
    others = len(_NON_ASCII.findall(text)) - len(han)
    if not han or others > len(han):
        return False
    common = sum(1 for ch in han if _in_gb2312(ch))
    return common * 5 >= len(han) * 4


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess among the legacy encodings notes are likely to be in."""
    ranked = _rank(data, _LEGACY)
    return ranked[0][0] if ranked else None


def _cjk_rival(data: bytes) -> str | None:
    """A CJK encoding that charset-normalizer rates clearly less chaotic than GB18030, if any."""
    ranked = _rank(data, _CJK)
    chaos = dict(ranked)
    if "gb18030" not in chaos:
        return None
    rivals = [(name, value) for name, value in ranked if name != "gb18030"]
    if rivals and rivals[0][1] <= chaos["gb18030"] - 0.05:
        return rivals[0][0]
    return None


def _rank(data: bytes, candidates: tuple[str, ...]) -> list[tuple[str, float]]:
    """Candidates charset-normalizer can decode ``data`` with, best first, with their chaos.

    On a few lines of text charset-normalizer has no language evidence (coherence 0) and ranks
    look-alike code pages arbitrarily (cp1006 for German, cp1250 for French); limiting it to
    ``candidates`` and breaking ties by their order makes the short-file guess the common one.
    """
    import charset_normalizer

    keyed: dict[str, tuple[float, float, int]] = {}
    for match in charset_normalizer.from_bytes(data, cp_isolation=list(candidates)):
        for name in match.could_be_from_charset:
            if name in candidates and name not in keyed:
                keyed[name] = (match.chaos, -match.coherence, candidates.index(name))
    order = sorted(keyed, key=keyed.__getitem__)
    return [(codecs.lookup(name).name, keyed[name][0]) for name in order]
