"""Word lists for the corpus generator: real deep-learning and NLP terms, papers and phrases.

Each term is ``(name, Chinese alias, topic folder, year, arXiv or ACL id or "")``; the ids are those
of the real papers, so a benchmark corpus exercises paper recognition the way real notes do.
Changing anything here changes every generated corpus: bump ``GENERATOR_VERSION`` with it.
"""

from __future__ import annotations

# name, Chinese alias, folder, year, arXiv id or ACL id ("" when none)
TERMS: list[tuple[str, str, str, int, str]] = [
    (t[0], t[1], t[2], int(t[3]), t[4] if len(t) > 4 else "")
    for t in (
        line.split("|")
        for line in """one-hot|独热编码|01-基础|1990
bag of words|词袋模型|01-基础|1954
TF-IDF|词频-逆文档频率|01-基础|1972
n-gram|N元语法|01-基础|1948
backpropagation|反向传播|01-基础|1986
dropout|随机失活|01-基础|2012|1207.0580
batch normalization|批归一化|01-基础|2015|1502.03167
layer normalization|层归一化|01-基础|2016|1607.06450
Adam|Adam优化器|01-基础|2014|1412.6980
residual connection|残差连接|01-基础|2015|1512.03385
softmax|归一化指数函数|07-数学基础|1959
cross entropy|交叉熵|07-数学基础|1948
KL divergence|KL散度|07-数学基础|1951
gradient descent|梯度下降|07-数学基础|1847
NNLM|神经网络语言模型|02-NLP|2003
word2vec|词向量模型|02-NLP|2013|1301.3781
negative sampling|负采样|02-NLP|2013|1310.4546
GloVe|全局词向量|02-NLP|2014|D14-1162
fastText|快速文本分类|02-NLP|2016|1607.01759
BPE|字节对编码|02-NLP|2015|1508.07909
TextCNN|文本卷积网络|02-NLP|2014|D14-1181
RNN|循环神经网络|02-NLP|1986
LSTM|长短期记忆网络|02-NLP|1997
GRU|门控循环单元|02-NLP|2014|1406.1078
BiRNN|双向RNN|02-NLP|1997
seq2seq|序列到序列|02-NLP|2014|1409.3215
attention|注意力机制|02-NLP|2014|1409.0473
Luong attention|乘性注意力|02-NLP|2015|1508.04025
self-attention|自注意力|02-NLP|2017|1706.03762
Transformer|变换器|04-LLM|2017|1706.03762
ELMo|动态词向量|04-LLM|2018|N18-1202
GPT-1|生成式预训练|04-LLM|2018
BERT|双向编码器表示|04-LLM|2018|1810.04805
RoBERTa|鲁棒优化BERT|04-LLM|2019|1907.11692
ALBERT|轻量BERT|04-LLM|2019|1909.11942
XLNet|排列语言模型|04-LLM|2019|1906.08237
T5|文本到文本迁移|04-LLM|2019|1910.10683
BART|去噪序列模型|04-LLM|2019|2020.acl-main.703
Sentence-BERT|句向量BERT|04-LLM|2019|D19-1410
GPT-3|上下文学习|04-LLM|2020|2005.14165
InstructGPT|指令微调|04-LLM|2022|2203.02155
chain of thought|思维链|04-LLM|2022|2201.11903
LoRA|低秩适配|04-LLM|2021|2106.09685
LLaMA|羊驼模型|04-LLM|2023|2302.13971
mixture of experts|混合专家|04-LLM|2017|1701.06538
AlexNet|深度卷积网络|03-CV|2012
VGG|VGG网络|03-CV|2014|1409.1556
GoogLeNet|Inception网络|03-CV|2014|1409.4842
ResNet|残差网络|03-CV|2015|1512.03385
U-Net|U型网络|03-CV|2015|1505.04597
YOLO|单阶段检测|03-CV|2015|1506.02640
Faster R-CNN|两阶段检测|03-CV|2015|1506.01497
GAN|生成对抗网络|03-CV|2014|1406.2661
VAE|变分自编码器|03-CV|2013|1312.6114
ViT|视觉Transformer|03-CV|2020|2010.11929
CLIP|图文对比学习|03-CV|2021|2103.00020
DDPM|扩散模型|03-CV|2020|2006.11239
DQN|深度Q网络|05-强化学习|2013|1312.5602
PPO|近端策略优化|05-强化学习|2017|1707.06347
RLHF|人类反馈强化学习|05-强化学习|2017|1706.03741
mixed precision|混合精度训练|06-工程实践|2017|1710.03740
knowledge distillation|知识蒸馏|06-工程实践|2015|1503.02531
vanishing gradient|梯度消失|08-面试题|1991
exploding gradient|梯度爆炸|08-面试题|1994
overfitting|过拟合|08-面试题|1990
polysemy|一词多义|08-面试题|2018""".splitlines()
    )
]
PROBLEMS = [
    "梯度消失",
    "梯度爆炸",
    "过拟合",
    "一词多义",
    "长距离依赖",
    "维度灾难",
    "语义鸿沟",
    "OOV问题",
    "曝光偏差",
    "灾难性遗忘",
]
NOUNS = [
    "注意力权重",
    "残差连接",
    "层归一化",
    "位置编码",
    "词向量",
    "隐状态",
    "上下文信息",
    "语言模型",
    "损失函数",
    "负采样",
    "softmax",
    "卷积核",
    "池化层",
    "门控单元",
    "编码器",
    "解码器",
    "掩码",
    "预训练",
    "微调",
    "embedding",
    "学习率",
    "batch",
    "正则化",
    "参数共享",
]
TASKS = [
    "机器翻译",
    "文本分类",
    "命名实体识别",
    "阅读理解",
    "摘要生成",
    "情感分析",
    "图像分类",
    "目标检测",
    "对话系统",
]
ZH = [
    "{a}是在{b}的基础上提出的，主要解决了{p}的问题。",
    "在{a}出现之前，大家通常用{b}，但它存在{p}。",
    "{a}的核心思想是用{n}来建模{n2}，这一点和{b}很不一样。",
    "论文里作者把{a}用在{t}任务上，效果明显好于{b}。",
    "可以把{a}理解为加了{n}的{b}，训练时要注意{p}。",
    "训练时用 Adam 优化器，学习率取 {lr}，batch size 为 {bs}，大约 {ep} 个 epoch 收敛。",
    "{a}（{z}）最早出现在 {y} 年的论文中，后来被{b}取代。",
    "注意：**{a}** 和 {b} 并不等价，面试中经常被问到二者的区别。",
    "直观来看，{a}通过{n}缓解了{p}，但计算量随序列长度平方增长。",
    "公式上，$h_t = f(W x_t + U h_{{t-1}} + b)$，其中 $W$ 和 $U$ 是{n}。",
    "个人理解：{a}本质上就是{n}加上{n2}，没有那么神秘。",
    "{t}里常见的 baseline 是{b}，{a}在此之上提升了 {pt} 个点。",
]
EN = [
    "{a} builds on {b} and mainly addresses the {pe} problem.",
    "The key idea of {a} is to model {ne} with {ne2}.",
    "In practice {a} is trained with Adam, a learning rate of {lr} and batches of {bs}.",
    "{a} was introduced in {y}; {b} later replaced it in most {te} systems.",
    "Unlike {b}, {a} keeps $O(n^2)$ memory in the sequence length.",
]
PROBLEMS_EN = [
    "vanishing gradient",
    "exploding gradient",
    "overfitting",
    "polysemy",
    "long-range dependency",
]
NOUNS_EN = [
    "attention weights",
    "hidden states",
    "word vectors",
    "context",
    "positional encodings",
    "residuals",
]
TASKS_EN = ["translation", "classification", "question answering", "summarisation", "retrieval"]
CHAINS = [
    ["one-hot", "word2vec", "静态词向量", "一词多义", "双向RNN", "ELMo", "BERT"],
    ["RNN", "梯度消失", "LSTM", "GRU", "seq2seq", "注意力机制", "Transformer"],
    ["Transformer", "GPT-1", "BERT", "RoBERTa", "ALBERT"],
    ["GPT-1", "GPT-2", "GPT-3", "InstructGPT", "RLHF"],
    ["AlexNet", "VGG", "GoogLeNet", "ResNet", "ViT", "CLIP"],
    ["NNLM", "word2vec", "GloVe", "fastText"],
]
ARROWS = [" → ", " -> ", " => ", " ⟶ "]
SUFFIXES = [
    "",
    "笔记",
    "详解",
    "面试题",
    "核心解析",
    "论文阅读",
    " 代码实现",
    "原理",
    "总结",
    "-FAQ",
]
SECTIONS = ["核心思想", "模型结构", "训练细节", "优缺点", "实验结果", "个人理解", "代码", "参考"]
SITES = [
    "https://zh.wikipedia.org/wiki/{w}",
    "https://github.com/{w}/{w}",
    "https://blog.csdn.net/u{n}/article/details/{n}{n}",
    "https://zhuanlan.zhihu.com/p/{n}{n}",
    "https://www.cnblogs.com/pinard/p/{n}.html",
    "https://link.zhihu.com/?target=https%3A//github.com/{w}",
    "https://pytorch.org/docs/stable/generated/torch.nn.{w}.html",
]
