"""The bilingual cue lexicon: which words between two concept mentions state which relation.

A cue is a template over a sentence whose mention groups are slots: ``X`` is the source and
``Y`` the target of the relation, whichever comes first in the text (``Y 由 X 组成`` states
``X part_of Y``). Between the tokens of a template sits a short gap (adverbs, particles,
modifiers: ``LSTM 引入了门控机制``, ``is based on a two-layer ...``); a gap never crosses a
clause mark, another mention or a word that starts a new statement. Token syntax: ``X``/``Y``
slots; ``,`` an optional comma (a cue that spans two clauses, ``为了解决 Y，X``); ``…`` a long gap;
``MOD`` a modifier that may hold mentions (``用于文本分类``, before a ``的``); a leading ``·`` glues
a token to the one before it (a gap of at most two characters); anything else is a regular
expression, where ``_`` stands for whitespace between Latin words.

Order matters: for one ordered pair of mentions the first cue that matches decides the kind,
so specific cues (``是 Y 的变体``) come before general ones (``X 是 Y``). Confidence reflects how
unambiguous a cue is in real notes; the reader lowers it for hedges and carried subjects.
"""

# size: ~470 lines: one table whose order decides (for a pair of mentions the first cue that
# matches gives the kind), most of it data; split in two files, the order across them would hide.

from __future__ import annotations

from dataclasses import dataclass

from noteatlas.schema import EdgeKind


@dataclass(frozen=True)
class Cue:
    """One template of the lexicon."""

    template: str
    """Tokens separated by spaces: ``X``, ``Y``, ``,``, ``…`` or a regular expression."""
    kind: EdgeKind
    """The relation it states, from ``X`` to ``Y``."""
    confidence: float
    """How reliably notes mean this relation when they write this cue."""
    carry: bool = True
    """Whether a clause without a subject of its own may take the sentence's topic as ``X``
    (not for a bare ``是 Y``: ``…，代价是维度爆炸`` says nothing about the topic)."""
    subject_first: bool = False
    """Whether ``X`` must open its clause (``把 A 换成 X 就是 Y`` says nothing about X)."""
    phrase: bool = False
    """Whether ``X`` is the head of a noun phrase (``基于 Y 的 X``): written as a class word
    (``编码器``, ``model``), it is the one thing the sentence just introduced, not the class."""


# "为" is a copula, but not in 分为 (divided into), 成为, 作为, 称为, 认为, 因为, 视为, 以为, 划为.
_WEI = r"(?<![分成作称认因视以划变])为"
_COPULA = rf"(?:(?<![还或要倒总但于只而凡])是|{_WEI}|乃是|就是|其实是|实质上是|本质上是|实际上是)"
#: A bare copula right after its subject, adverbs allowed: "GloVe 同样是 Y", not "把 X 加起来就是 Y".
_CLOSE_COPULA = rf"(?:也|都|均|同样|仍然|依然|其实|本身|就|则|便|正|也就|确实)*{_COPULA}"
_VIEW = rf"(?:是|{_WEI}|看作|看成|视为|视作|当作|相当于|算是|属于|可以看作|可看作)"
_VARIANT = (
    r"(?:变体|变种|变形|简化版本|简化版|轻量版|轻量化版本|特例|特殊形式|简化形式|变换形式|分支)"
)
_PART = (
    r"(?:一部分|组成部分|组成模块|核心组件|核心部件|组件|部件|模块|子模块|子层|子结构|一环|"
    r"关键部分|关键组件|基本单元|基础模块|(?:两|三|四|几|多)?(?:种|个)(?:结构|架构|模型|方法|训练方式|"
    r"实现方式|训练方法|组成部分|模块|部分|组件)之一|另一(?:种|个)(?:结构|架构|实现方式|训练方式|模型|组件))"
)
_PROBLEM_WORD = r"(?:问题|缺陷|缺点|瓶颈|困境|难题|局限|弊端|现象)"
_SOLVE = r"(?:解决|缓解|克服|减轻|消除|避免|应对|对付|弥补|改善|攻克|规避|抑制|防止|解决了|缓解了)"
#: After a verb of solving: no object follows, so the problem is the sentence's subject
#: ("梯度消失可以通过 LSTM 来缓解", not "LSTM 通过门控缓解梯度消失").
_NO_OBJECT = r"(?=\s*(?:了|掉|的)?\s*(?:[，,。；;！!？?）)]|$))"
#: After the object of a verb: it does not own what follows ("解决了 RNN 的梯度消失问题" is
#: about the vanishing gradient, not RNN).
_NOT_OWNER = r"(?!\s*(?:中|里)?的\s*⟨)"
_USE = r"(?:使用|采用|利用|引入|借助|依靠|依赖|结合|融合|加入|加上|添加|引进|运用|应用(?!到|于|在)|通过|用上|搭配|配合|需要)"
_SUCCEED = r"(?:出现|提出|诞生|问世|相继|先后|发布|登场|兴起|接踵|横空出世|被提出)"

_EN_V = r"(?:s|es|ed|d)?"
#: Before an active verb: not a passive ("Can be prevented with top-k sampling" says what
#: top-k does, not what the clause's subject does).
_NOT_PASSIVE = r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)"
#: Roles a part plays in a model (``X 的激活函数为 Y``: X uses Y).
_ROLE = (
    r"激活函数|损失函数|目标函数|优化器|优化算法|分词器|分词方法|预训练任务|训练目标|归一化方式|"
    r"特征提取器|特征抽取器|编码器和解码器|编码器与解码器|编码器|解码器|主体结构|基本单元|网络结构"
)
#: What a model is built on (``XLNet 的骨架是 Transformer-XL``: based on it).
_BACKBONE = r"骨架|主干网络|骨干网络|主干|底座|基座|基础架构|基础模型|backbone"
_ROLE_EN = r"activation_function|loss_function|loss|objective|optimi[sz]er|tokeni[sz]er"

CUES: tuple[Cue, ...] = (
    # ---- zh: purpose and passive forms that span clauses
    Cue(rf"为了 {_SOLVE} Y [，,] X", EdgeKind.ADDRESSES, 0.8),
    Cue(rf"为了 {_SOLVE} Y … (?:提出|引入|设计|发明)了? X", EdgeKind.ADDRESSES, 0.75),
    Cue(rf"X {_COPULA}?为了 {_SOLVE} Y", EdgeKind.ADDRESSES, 0.8),
    Cue(
        rf"Y (?:直到|由|被|靠|依靠|通过) X (?:才)?(?:真正|基本|较好地?)?(?:得到|得以|被)?{_SOLVE}{_NO_OBJECT}",
        EdgeKind.ADDRESSES,
        0.7,
    ),
    # ---- zh: members of a class named with them: "循环神经网络（如 LSTM、GRU 等）",
    # "RNN（LSTM 等）", "BERT、GPT 等预训练模型", "像 ReLU 这样的激活函数"
    Cue(r"Y ·[（(] ·(?:如|例如|比如|譬如|像) ·X ·(?:等|等等)? ·[）)]", EdgeKind.IS_A, 0.65),
    Cue(r"Y ·[（(] ·X ·(?:等|等等) ·[）)]", EdgeKind.IS_A, 0.65),
    Cue(
        r"X ·(?:等(?![于同价待到])|等等|之类的|这类|这样的|这一类)(?:的)? ·Y(?!\s*(?:中|里|上|的))",
        EdgeKind.IS_A,
        0.6,
    ),
    # (not "像 X 一样用 Y 训练": like X, it does something)
    Cue(r"(?:像|诸如) X ·(?:这样的|一样的|之类的|这种|这类) ·Y", EdgeKind.IS_A, 0.6),
    # ---- zh: variant, part, is-a (specific "X 是 Y 的…" forms first)
    Cue(rf"X {_VIEW}? Y 的 {_VARIANT}", EdgeKind.VARIANT_OF, 0.8),
    Cue(rf"X {_VIEW}? Y 的 (?:改进版本?|升级版|增强版|改进)", EdgeKind.IMPROVES_ON, 0.75),
    # "CRF是HMM和MEMM的条件放松版本": some other version of it
    Cue(
        rf"X {_COPULA} Y 的 [\u4e00-\u9fffA-Za-z-]{{1,8}}版本?(?![\u4e00-\u9fff])",
        EdgeKind.VARIANT_OF,
        0.65,
    ),
    Cue(rf"X {_COPULA} 对 Y 的 (?:改进|改良|优化)", EdgeKind.IMPROVES_ON, 0.8),
    Cue(rf"X {_COPULA} 对 Y 的 (?:简化|近似|特例|修改|改动|变形)", EdgeKind.VARIANT_OF, 0.75),
    Cue(rf"X {_COPULA} 对 Y 的 (?:扩展|推广|泛化)", EdgeKind.BASED_ON, 0.7),
    Cue(rf"X {_COPULA} Y 的 (?:编码器|解码器|encoder|decoder)(?:部分)?", EdgeKind.BASED_ON, 0.75),
    Cue(
        rf"X {_COPULA}? Y (?:中?的|不可缺少的|必不可少的|不可或缺的) {_PART}", EdgeKind.PART_OF, 0.8
    ),
    Cue(
        rf"X (?:和|与)? (?:都|均|也)? {_COPULA} Y 的一种(?![\u4e00-\u9fff]{{0,6}}{_VARIANT})",
        EdgeKind.IS_A,
        0.75,
    ),
    # without the copula only right after its subject ("ELMo：预训练模型的一种"): "Local Attention
    # 通过结合 A 和 B 的一种方法" is no kind of A
    Cue(
        rf"X ·(?:[：:，,])? ·Y 的一种(?![\u4e00-\u9fff]{{0,6}}{_VARIANT})",
        EdgeKind.IS_A,
        0.75,
        carry=False,
    ),
    Cue(r"X (?:都|均|也)?(?:是|属于) Y ·(?:之一|的一员|家族)", EdgeKind.IS_A, 0.75),
    Cue(
        rf"X (?:都|均|也)?{_COPULA}(?:一种|一类|一个|一款|一系列) Y(?!\s*[\u4e00-\u9fff]{{0,4}}\s*的)",
        EdgeKind.IS_A,
        0.8,
    ),
    Cue(r"X (?:都|均|也)?属于 Y", EdgeKind.IS_A, 0.75),
    Cue(r"Y (?:由) X (?:组成|构成|组合而成|堆叠而成)", EdgeKind.PART_OF, 0.8),
    Cue(
        r"Y (?:包括|包含|含有|分为|分成) X (?:两|三|几)?(?:种|个|部分|类)?",
        EdgeKind.PART_OF,
        0.6,
    ),
    # a bare 由 is "by" ("它由 Bahdanau、Cho 和 Bengio 提出"): only with its parts counted
    Cue(r"Y 由 X (?:两|三|四|几|多)(?:种|个|部分|类|层)", EdgeKind.PART_OF, 0.6),
    Cue(r"Y 由 X(?=[^，,。；;：:]*?(?:组成|构成|组合|堆叠|拼接|叠加))", EdgeKind.PART_OF, 0.6),
    # "GloVe是基于全局共现的词向量模型": a kind of word vector, not based on one
    Cue(rf"X {_COPULA} 基于 … 的 Y", EdgeKind.IS_A, 0.6, carry=False, subject_first=True),
    # "ELMo 是最后一代使用 LSTM 层的预训练模型", "GloVe是基于全局共现的词向量模型": what it is
    # made with, in the clause before the head noun's 的
    Cue(
        rf"X ·{_CLOSE_COPULA} MOD ·(?:使用|采用|利用)了? ·Y ·(?:层|结构|架构|模块|网络)?的",
        EdgeKind.USES,
        0.65,
        carry=False,
        subject_first=True,
    ),
    Cue(
        rf"X ·{_CLOSE_COPULA} MOD ·(?:基于|建立在) ·Y ·(?:层|结构|架构|模块|网络)?(?:之上)?的",
        EdgeKind.BASED_ON,
        0.65,
        carry=False,
        subject_first=True,
    ),
    # ---- zh: based on
    Cue(r"X 在 Y 的基础上", EdgeKind.BASED_ON, 0.8),
    Cue(r"在 Y 的基础上 [，,] ·X", EdgeKind.BASED_ON, 0.7),
    Cue(r"(?<![是为])基于 Y 的 X", EdgeKind.BASED_ON, 0.7, phrase=True),  # not "A是基于Y的X"
    Cue(
        r"X (?:完全|主要|都|也)?(?:是)?(?:基于|建立在|构建于|构建在|源于|源自|脱胎于|沿用|沿袭|延续|承袭|继承|借鉴|扩展(?!到))了? Y",
        EdgeKind.BASED_ON,
        0.8,
    ),
    Cue(r"X 以 Y 为(?:基础|骨架|主干|backbone)", EdgeKind.BASED_ON, 0.8),
    # ---- zh: improves on
    # the weaker one first: "Y 比 X 弱", "Y 逊于 X", "Y 被 X 取代"; a replacement: "用 X 代替 Y"
    Cue(r"Y 比 X 更?(?:弱|差|逊色)", EdgeKind.IMPROVES_ON, 0.65),
    # (not "不如": "不如说", "还不如直接…", and a result on one task "X 在这个任务上不如 Y")
    Cue(r"Y (?:远|明显)?(?:逊于|弱于|劣于|逊色于) X", EdgeKind.IMPROVES_ON, 0.65),
    Cue(  # not carried: "卷积式的 seq2seq …，随后被 Transformer 取代" is about the seq2seq
        r"Y ·(?:逐渐|已经|已)?被 X ·(?:所)? ·(?:取代|代替|替代|淘汰)",
        EdgeKind.IMPROVES_ON,
        0.65,
        carry=False,
    ),
    Cue(
        rf"(?<![\u4e00-\u9fff⟩])(?:用|使用|采用|以) X ·(?:来)? ·(?:代替|取代|替代|替换)(?:掉|了)? ·Y{_NOT_OWNER}",
        EdgeKind.IMPROVES_ON,
        0.6,
    ),
    Cue(
        rf"X ·(?:取代|代替|替代)了? ·Y{_NOT_OWNER}",
        EdgeKind.IMPROVES_ON,
        0.6,
        carry=False,
        subject_first=True,
    ),
    # "DistilBERT 移除了 BERT 的 NSP": a modified Y
    Cue(
        r"X (?:移除|去掉|去除|删除|删去|精简)了 ·Y ·(?:模型)?(?:中|里)?的", EdgeKind.VARIANT_OF, 0.6
    ),
    Cue(r"相比(?:于)? Y , X 更", EdgeKind.IMPROVES_ON, 0.7),
    Cue(
        r"X (?:相比|相较|对比)(?:于)? Y ,? (?:更|明显|显著)(?:好|强|优|准|快|高)",
        EdgeKind.IMPROVES_ON,
        0.7,
    ),
    Cue(r"X 比 Y 更?(?:好|强|优秀|准确|高效|快)", EdgeKind.IMPROVES_ON, 0.7),
    Cue(
        r"X (?:优于|胜过|超过|超越|强于|好于|击败|改进了|改善了|改进)了? Y",
        EdgeKind.IMPROVES_ON,
        0.75,
    ),
    # ---- zh: problems
    Cue(
        r"X (?:的)(?:主要|最大|一大|一个)?(?:缺点|问题|缺陷|局限性?|不足|瓶颈|弊端|短板)(?:之一)?(?:是|在于|有|就是|：|:)? ·Y",
        EdgeKind.HAS_PROBLEM,
        0.8,
    ),
    Cue(
        r"X (?:无法|不能|难以|没法|不好)(?:解决|处理|区分|捕捉|捕获|建模|表示|表达|应对)(?:好)? Y",
        EdgeKind.HAS_PROBLEM,
        0.75,
    ),
    Cue(r"X 解决不了 Y", EdgeKind.HAS_PROBLEM, 0.75),
    Cue(r"X (?:存在|面临|遭遇|遇到)(?:着|了)? Y", EdgeKind.HAS_PROBLEM, 0.8),
    Cue(
        rf"X (?:有|会有|容易有|出现|带来|产生)(?:着|了)? Y (?:的)?{_PROBLEM_WORD}",
        EdgeKind.HAS_PROBLEM,
        0.75,
    ),
    Cue(r"X (?:容易|会|往往会|常常)(?:出现|产生|发生|导致|遇到) Y", EdgeKind.HAS_PROBLEM, 0.6),
    Cue(r"X 比 ⟨\d+⟩ ·更 ·容易 ·Y", EdgeKind.HAS_PROBLEM, 0.6),  # the more prone one
    Cue(r"X ·容易 ·Y", EdgeKind.HAS_PROBLEM, 0.6),
    Cue(r"X (?:受|饱受|深受)(?:到)? Y (?:的)?(?:困扰|影响|限制)", EdgeKind.HAS_PROBLEM, 0.75),
    # ---- zh: addresses
    Cue(
        rf"X (?:能够|能|可以|可|用来|用于|旨在|试图|从而|得以|成功)?{_SOLVE} Y{_NOT_OWNER}",
        EdgeKind.ADDRESSES,
        0.8,
    ),
    Cue(  # "解决了 RNN 的梯度消失问题": the problem, not its owner
        rf"X (?:能够|能|可以|可|用来|用于|旨在|试图|从而|得以|成功)?{_SOLVE} "
        r"⟨\d+⟩\s*(?:中|里)?的 ·Y",
        EdgeKind.ADDRESSES,
        0.75,
    ),
    Cue(rf"用 X (?:来)?{_SOLVE} Y", EdgeKind.ADDRESSES, 0.75),
    # "LSTM 用门控缓解梯度消失": the model solves it with its part (which the cue above reads)
    Cue(
        rf"X (?:用|通过|借助|利用|依靠|靠) ⟨\d+⟩ (?:来)?{_SOLVE} Y{_NOT_OWNER}",
        EdgeKind.ADDRESSES,
        0.7,
    ),
    Cue(
        rf"X (?:用|通过|借助|利用|依靠|靠) ⟨\d+⟩ (?:来)?{_SOLVE} ⟨\d+⟩\s*(?:中|里)?的 ·Y",
        EdgeKind.ADDRESSES,
        0.7,
    ),
    Cue(
        rf"Y (?:可以|可|能|通常|一般)?(?:用|通过|靠|借助) X (?:来)?(?:解决|缓解|处理|克服){_NO_OBJECT}",
        EdgeKind.ADDRESSES,
        0.75,
    ),
    # ---- zh: uses
    # passive: "RMSNorm 被 T5 和 LLaMA 等模型采用" (not "被 X 取代": above)
    Cue(
        r"Y ·(?:也|还|已|已经|广泛|普遍|先后|陆续)?被 X ·(?:等|等等)?(?:模型|方法|网络|工作)?(?:所|广泛)? ·(?:采用|使用|沿用|应用|借鉴|利用|引入)",
        EdgeKind.USES,
        0.7,
        carry=False,
    ),
    # "ALBERT 把它换成了句子顺序预测", "只是把 LSTM 换成了注意力": what it puts in, it uses
    Cue(r"X ·(?:则|就|只是|又)?把 … ·(?:换成|替换成|改成|改为|替换为)了? ·Y", EdgeKind.USES, 0.65),
    # "DenseNet 在 ResNet 的基础上引入了密集连接": DenseNet's doing
    Cue(rf"X 在 ⟨\d+⟩ ·的基础(?:之)?上 , {_USE}了? Y", EdgeKind.USES, 0.7),
    # "TextCNN 把 word2vec 预训练的词向量作为输入"
    Cue(
        r"X (?:把|将|以|用) Y (?:作为|当作|当成|做)(?:模型的)?(?:输入|特征|初始化|初始值|骨架|主干|编码器)",
        EdgeKind.USES,
        0.65,
        carry=False,  # "将query和…连接成一个序列作为输入": how the input is made, not a model's
    ),
    Cue(r"X 把 Y (?:应用|用)(?:到|于|在)", EdgeKind.USES, 0.7),
    # not "Y 可以通过 X 来缓解" (the problem Y is eased by X); "A 通过 X 缓解 B" does use X
    # "X 采用的 Y", "X 采用的是 Y" say it; "添加的唯一新参数是 Y" (a verb before 的 that
    # modifies another noun) does not
    Cue(
        rf"X {_USE}了?(?!\s*的(?!\s*(?:是|⟨))) Y(?!\s*(?:来)?{_SOLVE}{_NO_OBJECT})",
        EdgeKind.USES,
        0.7,
    ),
    Cue(
        rf"X (?<![应使利采作运适通常费有功])用(?!于|来|在|以|到|户|途|处|法|语|量) Y(?!\s*(?:来)?{_SOLVE}{_NO_OBJECT})",
        EdgeKind.USES,
        0.6,
    ),
    Cue(r"X (?:的核心是|的关键是|靠的是|依靠的是) Y", EdgeKind.USES, 0.7),
    Cue(  # "Transformer里最为核心的机制是Self-attention": what it holds, not what it is
        r"X (?:里|中|内|的)?(?:最为|最)?(?:核心|关键|重要)的?(?:机制|部分|思想|组件|模块|技术|操作|结构)?(?:就)?是 Y",
        EdgeKind.USES,
        0.7,
    ),
    Cue(r"X (?:的)?输入(?:的)?(?:是|为) Y", EdgeKind.USES, 0.6),
    Cue(
        rf"X (?:系列)?(?:的)?(?:{_BACKBONE})(?:模型|网络)?(?:都|均|也|通常|一般)*(?:是|为|采用|使用|用的是|选用) Y",
        EdgeKind.BASED_ON,
        0.7,
    ),
    # a role it fills: "GPT-2 的激活函数为 GELU", "- 损失函数是交叉熵" (under the model's heading)
    Cue(
        rf"X (?:的)?(?:{_ROLE})(?:(?:通常|一般|都|均|也|则|一般都|通常都)*)(?:是|为|采用|使用|用的是|选用) ·Y",
        EdgeKind.USES,
        0.65,
    ),
    Cue(r"X (?:主要)?(?:针对|面向)(?:的是)? Y ·(?:问题|难题|困境)", EdgeKind.ADDRESSES, 0.7),
    # ---- zh: precedes
    Cue(
        rf"(?:在|继)? X (?:提出|出现|发布|诞生|问世|流行)? (?:之后|以后|后) , Y … {_SUCCEED}",
        EdgeKind.PRECEDES,
        0.65,
    ),
    Cue(rf"X , 随后 ,? Y … {_SUCCEED}", EdgeKind.PRECEDES, 0.6),
    Cue(r"从 X (?<![写提用看达得遇受做找听说学讲谈想感收拿延扩])到 Y", EdgeKind.PRECEDES, 0.5),
    # ---- zh: a noun phrase's head follows its last 的: "X 是一种用于文本分类的 Y"
    Cue(
        rf"X (?:都|均|也)?{_COPULA}(?:一种|一类|一个|一款) MOD ·的 ·Y(?=\s*[\u4e00-\u9fff]{{0,3}}\s*(?:[，,。；;！!：:]|$))",
        EdgeKind.IS_A,
        0.75,
    ),
    Cue(
        rf"X ·{_CLOSE_COPULA} MOD ·的 ·Y(?=\s*(?:[，,。；;！!：:]|$))",
        EdgeKind.IS_A,
        0.6,
        carry=False,
        subject_first=True,
    ),
    # ---- zh: a bare copula, last: "X 是 Y。"
    Cue(
        rf"X ·{_CLOSE_COPULA} Y(?=\s*(?:[，,。；;！!：:]|$))",
        EdgeKind.IS_A,
        0.6,
        carry=False,
        subject_first=True,
    ),
    # ---- en: purpose and passive
    Cue(
        r"to_(?:address|solve|mitigate|overcome|alleviate|tackle) Y … , … (?:introduced|proposed|use[sd]?|designed|added) X",
        EdgeKind.ADDRESSES,
        0.75,
    ),
    Cue(
        r"X (?:is|are|was|were)? (?:introduced|proposed|designed|used|added) to_(?:address|solve|mitigate|overcome|alleviate|tackle|reduce|avoid|prevent) Y",
        EdgeKind.ADDRESSES,
        0.8,
    ),
    Cue(  # "Dropout randomly drops units during training to prevent overfitting"
        r"X … (?:in_order_)?to_(?:prevent|avoid|reduce|combat|mitigate|counter|fight) Y",
        EdgeKind.ADDRESSES,
        0.65,
        carry=False,
        subject_first=True,
    ),
    # ---- en: members of a class named with them (Hearst): "activation functions such as ReLU",
    # "GPT-3 and other LLMs"
    Cue(r"Y ·, ·such_as ·X", EdgeKind.IS_A, 0.65),
    Cue(r"X ·, ·and_other ·Y", EdgeKind.IS_A, 0.65),
    # ---- en: variant, part, is-a
    Cue(
        r"X (?:is|are|was) (?:a|an|one) (?:simplified|simpler|lightweight|lighter|special|modified|reduced)? (?:variant|variation|version|form|case|flavou?r) of Y",
        EdgeKind.VARIANT_OF,
        0.8,
    ),
    Cue(
        r"X , (?:a|an) (?:simplified|lightweight)? (?:variant|variation|version) of Y",
        EdgeKind.VARIANT_OF,
        0.75,
    ),
    Cue(
        r"X (?:is|are|was) (?:an_)?(?:improved|enhanced|better) (?:version|variant) of Y",
        EdgeKind.IMPROVES_ON,
        0.8,
    ),
    Cue(
        r"X (?:is|are|was) (?:based_on_)?the (?:encoder|decoder)(?:_stack)?_of Y",
        EdgeKind.BASED_ON,
        0.75,
    ),
    Cue(
        r"X (?:is|are|was) (?:a|an|the|one)? (?:core|key|main|essential|central)? (?:part|component|building_block|sublayer|module|piece) of Y",
        EdgeKind.PART_OF,
        0.8,
    ),
    Cue(
        r"X (?:is|are|was) one_of_the (?:two|three|four|several)? (?:architectures|components|parts|models|variants|modules|building_blocks|sublayers) of Y",
        EdgeKind.PART_OF,
        0.75,
    ),
    Cue(  # "an ensemble of decision trees": made of them, not one of them
        r"X (?:is|are|was) (?:a|an) (?:ensemble|combination|collection|mixture|stack|sequence) of Y",
        EdgeKind.USES,
        0.7,
    ),
    Cue(
        r"X (?:is|are|was) (?:a|an|the) (?:implementation|extension|generali[sz]ation|adaptation|refinement) of Y",
        EdgeKind.BASED_ON,
        0.7,
    ),
    Cue(
        r"X (?:is|are|was) (?:a|an) (?:kind|type|form|class|sort|family|member|instance|example) of Y",
        EdgeKind.IS_A,
        0.8,
    ),
    Cue(r"X (?:is|are|was) one_of_the Y", EdgeKind.IS_A, 0.7),
    Cue(r"X belongs? to_(?:the_)?(?:family_of_)?Y", EdgeKind.IS_A, 0.75),
    Cue(r"Y (?:consists|consist|consisted) of X", EdgeKind.PART_OF, 0.8),
    Cue(r"Y (?:is|are|was) (?:composed|made_up|built) (?:of|from) X", EdgeKind.PART_OF, 0.8),
    Cue(
        r"Y (?:contains|contain|includes|include|comprises|comprise|stacks|has_two|has_three) X",
        EdgeKind.PART_OF,
        0.65,
    ),
    # ---- en: based on
    Cue(
        r"X (?:is|are|was|were) (?:based|built|founded|grounded|modelled|modeled) (?:up)?on (?:top_of)? Y",
        EdgeKind.BASED_ON,
        0.8,
    ),
    Cue(
        r"X (?:builds?|built|extends?|extended|derives?|derived|inherits?|inherited) (?:up)?(?:on|from)? Y",
        EdgeKind.BASED_ON,
        0.75,
    ),
    # ---- en: improves on
    Cue(
        r"Y (?:is|are|was|were) (?:much|significantly|clearly|often)? (?:worse|weaker|less_accurate) than X",
        EdgeKind.IMPROVES_ON,
        0.65,
    ),
    Cue(
        r"Y (?:is|are|was|were) (?:outperformed|surpassed|superseded|replaced) by X",
        EdgeKind.IMPROVES_ON,
        0.65,
    ),
    Cue(
        r"X (?:replaces|replaced(?!\s+by)|supersedes|superseded(?!\s+by)) Y",
        EdgeKind.IMPROVES_ON,
        0.6,
    ),
    Cue(r"X (?:improves?|improved|improving) (?:up)?on Y", EdgeKind.IMPROVES_ON, 0.8),
    Cue(
        rf"X (?:outperform{_EN_V}|beat{_EN_V}|surpass{_EN_V}|improve{_EN_V}_over) Y",
        EdgeKind.IMPROVES_ON,
        0.75,
    ),
    Cue(
        r"X (?:is|are|was) (?:much|significantly|clearly|often|generally|usually)? (?:better|stronger|faster|more_accurate|more_efficient|more_scalable|more_robust|more_powerful) than Y",
        EdgeKind.IMPROVES_ON,
        0.7,
    ),
    # ---- en: problems
    Cue(
        rf"X (?:suffer{_EN_V}|suffering) (?:much_)?more than_⟨\d+⟩ from Y",
        EdgeKind.HAS_PROBLEM,
        0.75,
    ),
    Cue(rf"X (?:suffer{_EN_V}|suffering) from Y", EdgeKind.HAS_PROBLEM, 0.8),
    Cue(r"X (?:struggles?|struggled) with Y", EdgeKind.HAS_PROBLEM, 0.75),
    Cue(r"X (?:is|are) (?:prone|vulnerable|susceptible|subject) to Y", EdgeKind.HAS_PROBLEM, 0.75),
    Cue(
        r"X (?:cannot|can_not|can't|fails?_to|failed_to|is_unable_to) (?:handle|capture|model|solve|address|distinguish|represent|deal_with) Y",
        EdgeKind.HAS_PROBLEM,
        0.75,
    ),
    Cue(r"X (?:has|have|had) the? Y (?:problem|issue|limitation)", EdgeKind.HAS_PROBLEM, 0.75),
    Cue(
        r"the_(?:main_)?(?:problem|drawback|limitation|weakness) of X (?:is|was) Y",
        EdgeKind.HAS_PROBLEM,
        0.75,
    ),
    # ---- en: addresses
    Cue(
        rf"X (?:can|could|helps?_to|help|aims_to|is_able_to)? {_NOT_PASSIVE}(?:address{_EN_V}|mitigate{_EN_V}|solve{_EN_V}|alleviate{_EN_V}|overcome{_EN_V}|overcame|tackle{_EN_V}|fix{_EN_V}|avoid{_EN_V}|resolve{_EN_V}|remed(?:y|ies|ied)|ease{_EN_V}|reduce{_EN_V}|prevent{_EN_V}|handle{_EN_V}|combat{_EN_V}) Y",
        EdgeKind.ADDRESSES,
        0.8,
    ),
    # ---- en: uses
    Cue(
        rf"X {_NOT_PASSIVE}(?:uses?(?!_of\b)|used(?!_(?:for|to|in|as|by|with|on)\b)|using|employ{_EN_V}|utili[sz]e{_EN_V}|leverage{_EN_V}|adopt{_EN_V}|applie[sd]|appl(?:y|ying)|incorporate{_EN_V}|introduce{_EN_V}|add{_EN_V}|combine{_EN_V}|exploit{_EN_V}|relies|rely|relied|relying) (?:on|upon|entirely_on|heavily_on)? Y",
        EdgeKind.USES,
        0.7,
    ),
    Cue(r"X makes?_use_of Y", EdgeKind.USES, 0.7),
    Cue(  # "Transformer-XL extends the Transformer with segment-level recurrence"
        r"X (?:extends?|extended|augments?|augmented|equips?|equipped) (?:the_)?⟨\d+⟩ with Y",
        EdgeKind.USES,
        0.7,
    ),
    Cue(  # "RMSNorm is used by T5 and LLaMA": by a model, not "used in machine translation"
        r"Y (?:is|are|was|were) (?:also_|now_|widely_|later_)?(?:used|adopted|employed) by X",
        EdgeKind.USES,
        0.7,
        carry=False,
    ),
    Cue(
        r"X (?:is|are|was) (?:a|an|the)? (?:direct_)?(?:scale-up|scaled-up_version|larger_version) of Y",
        EdgeKind.IMPROVES_ON,
        0.7,
    ),
    Cue(rf"X ·(?:s_)?(?:{_ROLE_EN}) (?:is|was) Y", EdgeKind.USES, 0.65),  # "T5's objective is"
    Cue(rf"the_(?:{_ROLE_EN})_of X (?:is|was) Y", EdgeKind.USES, 0.65),
    Cue(
        r"X (?:is|are|was) (?:trained|pre-trained|pretrained) (?:with|using|via) Y",
        EdgeKind.USES,
        0.65,
    ),
    # ---- en: precedes
    Cue(r"X (?:was|were|is|are) (?:soon_)?followed by Y", EdgeKind.PRECEDES, 0.7),
    Cue(r"X (?:preceded|precedes|came_before|predates|predated) Y", EdgeKind.PRECEDES, 0.7),
    Cue(r"Y (?:came|followed|appeared) after X", EdgeKind.PRECEDES, 0.65),
    Cue(r"after X , Y (?:came|appeared|arrived|was_proposed|followed)", EdgeKind.PRECEDES, 0.6),
    # ---- en: a bare copula, last: "X is a Y."
    Cue(
        r"X (?:is|are) (?:a|an) Y(?=\s*(?:(?:algorithm|method|model|technique|approach|architecture|network|problem|task)s?\s*)?(?:[,.;]|$|(?:with|that|which|where|for|used|trained|designed|introduced|proposed)\b))",
        EdgeKind.IS_A,
        0.6,
        carry=False,
        subject_first=True,
    ),
)

#: Words that start a new statement: a gap never runs over them (``负采样利用少量负样本代替
#: 完整的 Softmax`` says nothing about how negative sampling uses softmax).
BREAKERS = (
    r"代替|取代|替代|替换|换成|去掉|去除|提出|得到|输出|生成|预测|对比|比较|相比|而是|但是|但|然而|让|"
    # "将预训练+微调引入 NLP": what 将/把 takes is the object; the verb's own object a destination
    r"将(?!会|要)|把|"
    r"论文|文章|作者|"
    r"不过|只是|不如|区别|不同于|与之不同|等人|"
    # the English words ignore case on their own, so that a Chinese cue needs no IGNORECASE
    r"(?i:\b(?:instead|rather|replac\w*|whereas|while|but|however|than|unlike|compared?|versus|vs)\b)"
)

#: Words that carry the subject of the sentence into a clause without one (``它``, ``it``).
PRONOUNS = (
    r"它们?|其|该模型|该方法|这种方法|这个模型|这一方法|此模型|"
    r"\b(?:it|they|this_model|this_method|the_model|the_method|this|these)\b"
)

#: Words that make a clause refer to the mention just before it (``InstructGPT, which adds``).
RELATIVES = r"\b(?:which|that|who)\b"


__all__ = ["BREAKERS", "CUES", "PRONOUNS", "RELATIVES", "Cue"]
