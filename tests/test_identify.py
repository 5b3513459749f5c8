"""identify: URL normalisation, redirect unwrapping and categories."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noteatlas.graph.identify.categories import classify
from noteatlas.graph.identify.papers import recognize_paper
from noteatlas.graph.identify.titles import hint_from_row, hint_from_text
from noteatlas.graph.identify.urls import NormalizedUrl, normalize_url
from noteatlas.schema import Category

VAULT = Path(__file__).parent / "fixtures" / "vault"
# What a person would take for the URL in a note: up to whitespace, Markdown or CJK punctuation.
URL_IN_TEXT = re.compile(r"https?://[^\s)\]>\"'`<，。（）]+")

C = Category
# raw URL as written in the vault -> (normalised URL with fragment, category, paper id, year)
VAULT_URLS: dict[str, tuple[str, Category, str | None, int | None]] = {
    "https://zh.wikipedia.org/wiki/Tf-idf": ("https://zh.wikipedia.org/wiki/Tf-idf", C.DOCS, None, None),
    "https://scikit-learn.org/stable/modules/feature_extraction.html#tfidf-term-weighting": (
        "https://scikit-learn.org/stable/modules/feature_extraction.html#tfidf-term-weighting",
        C.DOCS, None, None,
    ),
    "https://link.zhihu.com/?target=https%3A//www.cnblogs.com/pinard/p/6693230.html": (
        "https://www.cnblogs.com/pinard/p/6693230.html", C.BLOG, None, None,
    ),
    "https://proceedings.neurips.cc/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf": (
        "https://proceedings.neurips.cc/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf",
        C.PAPER, "neurips:2017/3f5ee243547dee91fbd053c1c4a845aa", 2017,
    ),
    "https://arxiv.org/pdf/1810.04805.pdf": ("https://arxiv.org/pdf/1810.04805.pdf", C.PAPER, "arxiv:1810.04805", 2018),
    "https://zh.d2l.ai/chapter_recurrent-neural-networks/rnn.html": (
        "https://zh.d2l.ai/chapter_recurrent-neural-networks/rnn.html", C.DOCS, None, None,
    ),
    "https://zhuanlan.zhihu.com/p/109519044": ("https://zhuanlan.zhihu.com/p/109519044", C.BLOG, None, None),
    "https://colah.github.io/posts/2015-08-Understanding-LSTMs/": (
        "https://colah.github.io/posts/2015-08-Understanding-LSTMs/", C.BLOG, None, None,
    ),
    "https://zh.d2l.ai/chapter_recurrent-modern/gru.html": (
        "https://zh.d2l.ai/chapter_recurrent-modern/gru.html", C.DOCS, None, None,
    ),
    "https://markmap.js.org/repl": ("https://markmap.js.org/repl", C.OTHER, None, None),
    "https://arxiv.org/pdf/1301.3781.pdf": ("https://arxiv.org/pdf/1301.3781.pdf", C.PAPER, "arxiv:1301.3781", 2013),
    "https://papers.nips.cc/paper/2013/file/9aa42b31882ec039965f3c4923ce901b-Paper.pdf": (
        "https://papers.nips.cc/paper/2013/file/9aa42b31882ec039965f3c4923ce901b-Paper.pdf",
        C.PAPER, "neurips:2013/9aa42b31882ec039965f3c4923ce901b", 2013,
    ),
    "https://arxiv.org/abs/1411.2738v4": ("https://arxiv.org/abs/1411.2738v4", C.PAPER, "arxiv:1411.2738", 2014),
    "https://nlp.stanford.edu/pubs/glove.pdf": ("https://nlp.stanford.edu/pubs/glove.pdf", C.PAPER, None, None),
    "https://nlp.stanford.edu/projects/glove/": ("https://nlp.stanford.edu/projects/glove/", C.OTHER, None, None),
    "https://github.com/stanfordnlp/GloVe": ("https://github.com/stanfordnlp/GloVe", C.CODE, None, None),
    "https://fasttext.cc/": ("https://fasttext.cc/", C.OTHER, None, None),
    "https://arxiv.org/pdf/1607.01759.pdf": ("https://arxiv.org/pdf/1607.01759.pdf", C.PAPER, "arxiv:1607.01759", 2016),
    "https://aclanthology.org/D14-1181.pdf": ("https://aclanthology.org/D14-1181.pdf", C.PAPER, "acl:D14-1181", 2014),
    "https://arxiv.org/pdf/1510.03820.pdf": ("https://arxiv.org/pdf/1510.03820.pdf", C.PAPER, "arxiv:1510.03820", 2015),
    "https://arxiv.org/pdf/1409.0473.pdf": ("https://arxiv.org/pdf/1409.0473.pdf", C.PAPER, "arxiv:1409.0473", 2014),
    "https://arxiv.org/pdf/1706.03762.pdf": ("https://arxiv.org/pdf/1706.03762.pdf", C.PAPER, "arxiv:1706.03762", 2017),
    "https://www.jmlr.org/papers/volume3/bengio03a/bengio03a.pdf": (
        "https://www.jmlr.org/papers/volume3/bengio03a/bengio03a.pdf", C.PAPER, "jmlr:v3/bengio03a", 2003,
    ),
    "https://www.cnblogs.com/pinard/p/7160330.html": ("https://www.cnblogs.com/pinard/p/7160330.html", C.BLOG, None, None),
    "https://arxiv.org/pdf/1706.03762": ("https://arxiv.org/pdf/1706.03762", C.PAPER, "arxiv:1706.03762", 2017),
    "https://arxiv.org/abs/1412.3555": ("https://arxiv.org/abs/1412.3555", C.PAPER, "arxiv:1412.3555", 2014),
    "https://share.example.org/abc123#Tt3rd+Vut": ("https://share.example.org/abc123#Tt3rd+Vut", C.OTHER, None, None),
    "https://blog.csdn.net/example/article/details/133275210": (
        "https://blog.csdn.net/example/article/details/133275210", C.BLOG, None, None,
    ),
    "https://dennybritz.com/": ("https://dennybritz.com/", C.OTHER, None, None),
    "https://dennybritz.com/posts/wildml/recurrent-neural-networks-tutorial-part-1/": (
        "https://dennybritz.com/posts/wildml/recurrent-neural-networks-tutorial-part-1/", C.BLOG, None, None,
    ),
    "https://github.com/example-user/llm-basics/tree/main": (
        "https://github.com/example-user/llm-basics/tree/main", C.CODE, None, None,
    ),
    "https://arxiv.org/abs/1301.3781": ("https://arxiv.org/abs/1301.3781", C.PAPER, "arxiv:1301.3781", 2013),
    "https://example.org/not-a-link-in-code": ("https://example.org/not-a-link-in-code", C.OTHER, None, None),
    "https://example.org/images/transformer_encoder.png": (
        "https://example.org/images/transformer_encoder.png", C.IMAGE, None, None,
    ),
    "https://nlp.seas.harvard.edu/2018/04/03/attention.html": (
        "https://nlp.seas.harvard.edu/2018/04/03/attention.html", C.BLOG, None, None,
    ),
    "https://arxiv.org/pdf/1810.04805v2.pdf": ("https://arxiv.org/pdf/1810.04805v2.pdf", C.PAPER, "arxiv:1810.04805", 2018),
    "https://arxiv.org/abs/1802.05365": ("https://arxiv.org/abs/1802.05365", C.PAPER, "arxiv:1802.05365", 2018),
    "https://mp.weixin.qq.com/s/Cdi0CcWDLgS6Kk7Kx71Vaw": (
        "https://mp.weixin.qq.com/s/Cdi0CcWDLgS6Kk7Kx71Vaw", C.BLOG, None, None,
    ),
    "https://github.com/yourusername/nlp-notes/issues": (
        "https://github.com/yourusername/nlp-notes/issues", C.CODE, None, None,
    ),
    "https://arxiv.org/abs/1810.04805": ("https://arxiv.org/abs/1810.04805", C.PAPER, "arxiv:1810.04805", 2018),
    "https://aclanthology.org/N19-1423.pdf": ("https://aclanthology.org/N19-1423.pdf", C.PAPER, "acl:N19-1423", 2019),
    "https://example.org/language_understanding_paper.pdf": (
        "https://example.org/language_understanding_paper.pdf", C.PAPER, None, None,
    ),
    "https://awesome.re/badge.svg": ("https://awesome.re/badge.svg", C.IMAGE, None, None),
    "https://awesome.re": ("https://awesome.re/", C.OTHER, None, None),
    "https://github.com/google-research/bert": ("https://github.com/google-research/bert", C.CODE, None, None),
    "https://img.shields.io/badge/code-github-blue": (
        "https://img.shields.io/badge/code-github-blue", C.IMAGE, None, None,
    ),
    "https://github.com/example-user/models-learning/blob/main/paper-reading/Transformer-%3CAttention-is-all-you-need%3E.md": (
        "https://github.com/example-user/models-learning/blob/main/paper-reading/Transformer-%3CAttention-is-all-you-need%3E.md",
        C.CODE, None, None,
    ),
    "https://zh.wikipedia.org/wiki/%E8%AF%8D%E5%B5%8C%E5%85%A5#:~:text=%E8%AF%8D%E5%B5%8C%E5%85%A5": (
        "https://zh.wikipedia.org/wiki/词嵌入#:~:text=词嵌入", C.DOCS, None, None,
    ),
}  # fmt: skip


def vault_urls() -> set[str]:
    found: set[str] = set()
    for path in VAULT.rglob("*.md"):
        found.update(URL_IN_TEXT.findall(path.read_text("utf-8")))
    return found


def norm(raw: str) -> NormalizedUrl:
    result = normalize_url(raw)
    assert result is not None, raw
    return result


def test_every_vault_url_has_an_expectation() -> None:
    assert vault_urls() == set(VAULT_URLS)


@pytest.mark.parametrize("raw", sorted(VAULT_URLS))
def test_vault_url(raw: str) -> None:
    full, category, paper_id, year = VAULT_URLS[raw]
    n = norm(raw)
    assert n.full == full
    assert classify(n) is category
    paper = recognize_paper(n)
    assert (paper.paper_id if paper else None) == paper_id
    assert (paper.year if paper else None) == year
    if paper is not None:
        assert category is Category.PAPER


def test_zhihu_wrapper_in_the_vault_is_unwrapped() -> None:
    text = (VAULT / "01-基础" / "词袋与TF-IDF.md").read_text("utf-8")
    (raw,) = [u for u in URL_IN_TEXT.findall(text) if "link.zhihu.com" in u]
    n = norm(raw)
    assert n.url == "https://www.cnblogs.com/pinard/p/6693230.html"
    assert n.host == "www.cnblogs.com"
    assert (
        n.unwrapped_from
        == "https://link.zhihu.com/?target=https%3A//www.cnblogs.com/pinard/p/6693230.html"
    )


def test_percent_encoded_angle_brackets_survive() -> None:
    text = (VAULT / "concepts" / "BERT.md").read_text("utf-8")
    (raw,) = [u for u in URL_IN_TEXT.findall(text) if "%3C" in u]
    n = norm(raw)
    assert n.url.endswith("/Transformer-%3CAttention-is-all-you-need%3E.md")
    assert norm(n.url) == n
    # the same file written with lower-case escapes or raw brackets is the same resource
    assert norm(raw.replace("%3C", "%3c").replace("%3E", "%3e")).url == n.url
    assert norm(raw.replace("%3C", "<").replace("%3E", ">")).url == n.url


def test_text_fragment_stays_in_the_fragment() -> None:
    n = norm(
        "https://zh.wikipedia.org/wiki/%E8%AF%8D%E5%B5%8C%E5%85%A5#:~:text=%E8%AF%8D%E5%B5%8C%E5%85%A5"
    )
    assert n.url == "https://zh.wikipedia.org/wiki/词嵌入"
    assert n.fragment == ":~:text=词嵌入"
    # %2D and %2C mean literal '-' and ',' inside a text directive: never decoded there
    dashed = norm("https://example.org/a#:~:text=pre%2Dtraining,%2C%20x")
    assert dashed.fragment == ":~:text=pre%2Dtraining,%2C%20x"
    assert dashed.url == "https://example.org/a"


def test_chinese_path_written_raw_or_encoded_is_one_url() -> None:
    encoded = norm("https://zh.wikipedia.org/wiki/%E8%AF%8D%E5%B5%8C%E5%85%A5")
    raw = norm("https://zh.wikipedia.org/wiki/词嵌入")
    assert encoded == raw
    assert raw.path == "/wiki/词嵌入"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://Example.COM", "https://example.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com:0443/a", "https://example.com/a"),
        ("http://example.com:443/", "http://example.com:443/"),
        ("https://example.com:/a", "https://example.com/a"),
        ("https://user:pw@Example.com/", "https://user:pw@example.com/"),
        ("https://@example.com/", "https://example.com/"),
        ("https://us%65r@example.com/", "https://user@example.com/"),
        ("http://[2001:DB8:0:0::1]:8080/x", "http://[2001:db8::1]:8080/x"),
        ("https://xn--fiq228c.com/", "https://中文.com/"),
        ("https://中文.COM/", "https://中文.com/"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        ("https://example.com/%7euser/%41%2f", "https://example.com/~user/A%2F"),
        ("https://example.com/a%2fb", "https://example.com/a%2Fb"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/100%", "https://example.com/100%25"),
        ("https://example.com/%E8%AF", "https://example.com/%E8%AF"),
        ("https://example.com/x%E2%80%8By", "https://example.com/x%E2%80%8By"),
        ("https:\\\\example.com\\a\\b?x=\\", "https://example.com/a/b?x=%5C"),
        ("https:///example.com/a", "https://example.com/a"),  # as browsers read extra slashes
        ("  <https://example.com/a>\u200b ", "https://example.com/a"),
        ("https://exa\nmple.com/a\tb", "https://example.com/ab"),
        ("https://example.com/?", "https://example.com/"),
        ("https://example.com/p?b=2&a=1", "https://example.com/p?b=2&a=1"),
        (
            "https://example.com/p?utm_source=x&b=2&UTM_Medium=y&a=1",
            "https://example.com/p?b=2&a=1",
        ),
        (
            "https://blog.csdn.net/x/article/details/1?spm=1001.2014.3001.5501",
            "https://blog.csdn.net/x/article/details/1",
        ),
        (
            "https://www.bilibili.com/video/BV1?spm_id_from=333&vd_source=abc&p=2",
            "https://www.bilibili.com/video/BV1?p=2",
        ),
        (
            "https://example.com/search?q=%E4%B8%AD%E6%96%87+x&sort=%3Cnew%3E",
            "https://example.com/search?q=中文+x&sort=%3Cnew%3E",
        ),
    ],
)
def test_normalisation_rules(raw: str, expected: str) -> None:
    assert norm(raw).url == expected


@pytest.mark.parametrize(
    "raw",
    [
        "mailto:someone@example.com",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "data:text/html,hi",
        "../pics/tfidf.png",
        "/TextCNN/TextCNN-readme.md",
        "#ref1",
        "https://",
        "http://example.com:99999/",
        "http://example.com:abc/",
        "http://exa mple.com/",
        "http://[::1/",
        "http://[zz::1]/",
        "",
    ],
)
def test_not_a_web_url(raw: str) -> None:
    assert normalize_url(raw) is None


def test_fragment_is_kept_apart_and_empty_fragment_is_none() -> None:
    n = norm("https://scikit-learn.org/stable/modules/feature_extraction.html#tfidf-term-weighting")
    assert "#" not in n.url
    assert n.fragment == "tfidf-term-weighting"
    assert norm("https://example.com/a#").fragment is None
    assert norm("https://example.com/a").fragment is None


@pytest.mark.parametrize(
    ("raw", "target"),
    [
        ("https://www.google.com/url?q=https://example.org/x%3Fa%3D1&sa=D", "https://example.org/x?a=1"),
        ("https://www.google.com.hk/url?sa=t&url=https%3A%2F%2Fexample.org%2F", "https://example.org/"),
        ("https://link.juejin.cn/?target=https%3A%2F%2Fgithub.com%2Fa%2Fb", "https://github.com/a/b"),
        ("https://weibo.cn/sinaurl?u=https%3A%2F%2Fexample.org%2Fp", "https://example.org/p"),
        ("https://t.umblr.com/redirect?z=https%3A%2F%2Fexample.org%2Ft&t=abc", "https://example.org/t"),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.org%2Ff&h=AT0", "https://example.org/f"),
        ("https://www.jianshu.com/go-wild?ac=2&url=https%3A%2F%2Farxiv.org%2Fabs%2F1810.04805", "https://arxiv.org/abs/1810.04805"),
        ("https://link.csdn.net/?target=https%3A%2F%2Fexample.org%2Fc%3Futm_source%3Dx", "https://example.org/c"),
        # wrapped twice
        ("https://link.zhihu.com/?target=https%3A//link.csdn.net/%3Ftarget%3Dhttps%253A%252F%252Fexample.org%252F", "https://example.org/"),
    ],
)  # fmt: skip
def test_redirect_wrappers_are_unwrapped(raw: str, target: str) -> None:
    n = norm(raw)
    assert n.url == target
    assert n.unwrapped_from is not None
    assert n.unwrapped_from == norm(raw).unwrapped_from
    assert normalize_url(n.unwrapped_from) is not None


def test_fragment_of_a_wrapped_target_survives() -> None:
    n = norm("https://link.zhihu.com/?target=https%3A//example.org/a%23sec")
    assert (n.url, n.fragment) == ("https://example.org/a", "sec")


@pytest.mark.parametrize(
    "raw",
    [
        "https://mp.weixin.qq.com/s?__biz=MzA&mid=1&idx=1&sn=abc&url=https%3A%2F%2Fexample.org",
        "https://link.zhihu.com/?target=javascript%3Aalert(1)",
        "https://link.zhihu.com/",
        "https://www.google.com/search?q=https%3A%2F%2Fexample.org",
        "https://www.jianshu.com/p/abc?url=https%3A%2F%2Fexample.org",
    ],
)
def test_not_unwrapped(raw: str) -> None:
    n = norm(raw)
    assert n.unwrapped_from is None
    assert n.host == norm(raw).host == n.url.split("/")[2]


@pytest.mark.parametrize(
    ("raw", "category"),
    [
        ("https://www.youtube.com/watch?v=abc", C.VIDEO),
        ("https://youtu.be/abc", C.VIDEO),
        ("https://www.bilibili.com/video/BV1xx411c7mD", C.VIDEO),
        ("https://stackoverflow.com/questions/1/x", C.FORUM),
        ("https://stats.stackexchange.com/questions/1", C.FORUM),
        ("https://www.reddit.com/r/MachineLearning/", C.FORUM),
        ("https://discuss.pytorch.org/t/x/1", C.FORUM),
        ("https://www.zhihu.com/question/1/answer/2", C.FORUM),
        ("https://www.zhihu.com/people/x", C.OTHER),
        ("https://huggingface.co/bert-base-uncased", C.CODE),
        ("https://huggingface.co/docs/transformers/index", C.DOCS),
        ("https://huggingface.co/blog/bert-101", C.BLOG),
        ("https://huggingface.co/papers/1810.04805", C.PAPER),
        ("https://gitee.com/a/b", C.CODE),
        ("https://gitlab.com/a/b", C.CODE),
        ("https://gist.github.com/a/1", C.CODE),
        ("https://raw.githubusercontent.com/a/b/main/x.py", C.CODE),
        ("https://raw.githubusercontent.com/a/b/main/x.PNG", C.IMAGE),
        ("https://paperswithcode.com/paper/bert-pre-training", C.PAPER),
        ("https://paperswithcode.com/method/bert", C.DOCS),
        ("https://transformers.readthedocs.io/en/latest/", C.DOCS),
        ("https://docs.python.org/3/library/re.html", C.DOCS),
        ("https://docs.google.com/document/d/1", C.OTHER),
        ("https://pytorch.org/docs/stable/nn.html", C.DOCS),
        ("https://pytorch.org/blog/x/", C.BLOG),
        ("https://www.tensorflow.org/tutorials", C.DOCS),
        ("https://en.wikipedia.org/wiki/Word2vec", C.DOCS),
        ("https://lilianweng.github.io/posts/2018-06-24-attention/", C.BLOG),
        ("https://jalammar.github.io/illustrated-bert/", C.BLOG),
        ("https://medium.com/@x/y-123", C.BLOG),
        ("https://towardsdatascience.com/x", C.BLOG),
        ("https://www.jianshu.com/p/abc", C.BLOG),
        ("https://juejin.cn/post/1", C.BLOG),
        ("https://blog.example.com/", C.BLOG),
        ("https://www.cs.toronto.edu/~hinton/absps/JMLRdropout.pdf", C.PAPER),
        ("https://www.robots.ox.ac.uk/~vgg/x.pdf", C.PAPER),
        ("https://example.com/manual.pdf", C.OTHER),
        ("https://openreview.net/forum?id=rJ4km2R5t7", C.PAPER),
        ("https://openreview.net/group?id=ICLR.cc", C.OTHER),
        ("https://jmlr.org/papers/v15/srivastava14a.html", C.PAPER),
        ("https://jmlr.org/", C.OTHER),
        ("https://dl.acm.org/doi/10.1145/3292500.3330701", C.PAPER),
        ("https://ieeexplore.ieee.org/document/726791", C.PAPER),
        ("https://www.semanticscholar.org/paper/x/abc", C.PAPER),
        ("https://pic1.zhimg.com/v2-abc_r", C.IMAGE),
        ("https://mmbiz.qpic.cn/mmbiz_png/abc/640", C.IMAGE),
        ("https://example.com/a/diagram.SVG?raw=true", C.IMAGE),
        ("https://example.com/", C.OTHER),
    ],
)
def test_classify(raw: str, category: Category) -> None:
    assert classify(norm(raw)) is category


def test_wrapped_link_is_classified_by_its_target() -> None:
    n = norm("https://link.zhihu.com/?target=https%3A//zhuanlan.zhihu.com/p/1")
    assert classify(n) is Category.BLOG


# --- invariants -------------------------------------------------------------------------------

_PIECES = [
    *"aZ09-._~%/?#@:[]!$&'()*+,;= \\<>\"{}|^`\t中文éß。％Ａ",
    "%3C", "%e8%af%8d", "%2F", "%2e", "%C2%A0", "%ff", "%E8", "%AF%8D", "%25", "%E2%80%8B",
    "..", "xn--", "\u200b", "\u00a0", "\ud800",
]  # fmt: skip
_piece = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.characters(exclude_categories=())), max_size=10
).map("".join)
_host = st.one_of(
    st.sampled_from(
        [
            "example.com", "EXAMPLE.com.", "xn--fiq228c.com", "中文.com", "[::1]", "[2001:DB8::1]",
            "127.0.0.1", "ÄÖ.de", "a..b", "ｅｘａｍｐｌｅ.com", "faß.de", "xn--zca.de", "xn--a-.com",
            "ex%41mple.com", "link.zhihu.com", "www.google.com", "arxiv.org",
        ]
    ),
    _piece,
)  # fmt: skip


@st.composite
def _urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS", "ftp"]))
    slashes = draw(st.sampled_from(["//", "/", "", "\\\\"]))
    user = draw(st.one_of(st.just(""), _piece.map(lambda s: s + "@")))
    port = draw(st.one_of(st.just(""), st.integers(0, 70000).map(lambda p: f":{p}")))
    path = draw(st.one_of(st.just(""), _piece.map(lambda s: "/" + s)))
    query = draw(st.one_of(st.just(""), _piece.map(lambda s: "?" + s)))
    query += draw(st.sampled_from(["", "&utm_source=x", "&target=https%3A//a.com/%E4%B8%AD"]))
    fragment = draw(st.one_of(st.just(""), _piece.map(lambda s: "#" + s)))
    return f"{scheme}:{slashes}{user}{draw(_host)}{port}{path}{query}{fragment}"


_ANY_URLISH = st.one_of(_urls(), st.text(), st.text().map(lambda t: "https://" + t))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_URLISH)
def test_normalisation_is_idempotent(raw: str) -> None:
    n = normalize_url(raw)
    if n is None:
        return
    assert normalize_url(n.full) == replace(n, unwrapped_from=None)
    again = normalize_url(n.url)
    assert again is not None
    assert again.url == n.url
    assert n.url.startswith(f"{n.scheme}://")
    assert n.host == n.host.lower()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ANY_URLISH, st.lists(st.text(max_size=30), max_size=5), st.integers(-2, 6))
def test_nothing_raises_on_arbitrary_text(raw: str, cells: list[str], column: int) -> None:
    n = normalize_url(raw)
    if n is not None:
        assert isinstance(classify(n), Category)
        paper = recognize_paper(n)
        if paper is not None:
            assert classify(n) is Category.PAPER
    hint_from_text(raw)
    hint_from_row(cells[:2], cells, column)
