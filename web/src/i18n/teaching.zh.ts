// teaching.zh.ts — 课程教学材料的简体中文文本（与 teaching.en.ts 的键相同）：
// 学习目标、检验问题和教师说明。`{name}` 是占位符；答案不写在这里，而是由学生的运行结果计算得出。
import type { TeachingMessageKey } from './teaching.en';

export const teachingZh: Partial<Record<TeachingMessageKey, string>> = {
  'teach.goals': '学习目标',
  'teach.questions': '检验一下',
  'teach.howChecked': '每个答案都会与本页这次运行得到的数字核对。每道题以第一次作答为准。',
  'teach.waiting': '请先运行实验：答案要与它的数字核对。',
  'teach.check': '核对',
  'teach.correct': '正确。这次运行测得 {expected}。',
  'teach.wrong': '不太对。这次运行测得 {expected}。',
  'teach.correctChoice': '正确：{expected}。',
  'teach.wrongChoice': '不太对。这次运行中：{expected}。',
  'teach.invalidNumber': '请填写一个数字，例如 {example}。',
  'teach.invalidChoice': '请选择一个答案。',
  'teach.answerLabel': '你的答案',
  'teach.percentSuffix': '%',
  'teach.progress': '已回答 {answered} / {total} 题；第一次就答对 {correct} 题（得分 {score} / 100）。',
  'teach.notes': '教师说明',
  'teach.option.linear': '一条直线',
  'teach.option.yes': '是',
  'teach.option.no': '否',
  'teach.option.both': '两者都有',
  'teach.option.neither': '都没有',
  'teach.option.zeros': '全零',
  'teach.option.uniform': '均匀分布 ±0.5',
  'scorm.connected': '你的课程会记录本课：运行实验并回答全部问题后即完成。',
  'scorm.noLms': '本页不是从课程中打开的（未找到 LMS）：不会记录任何内容。',
  'scorm.failed': '课程未接受连接：不会记录任何内容。',
  'scorm.completed': '本课已完成：得分 {score} / 100，已由你的课程记录。',

  'teach.sigmoid-saturation.goal.1': '从曲线上读出 σ′：峰值在哪里、有多高。',
  'teach.sigmoid-saturation.goal.2': '解释什么是饱和单元，以及它为什么学得慢。',
  'teach.sigmoid-saturation.goal.3': '比较 sigmoid 与 tanh 的导数。',
  'teach.sigmoid-saturation.q.peak': 'σ′(z) 的最大值是多少？',
  'teach.sigmoid-saturation.q.saturates': '|z| 超过多少之后，σ′ 一直小于 {threshold}？（保留一位小数即可）',
  'teach.sigmoid-saturation.q.larger': '在 z = 0 处，哪个导数更大？',
  'teach.sigmoid-saturation.notes':
    '常见的误解是 σ′ 能达到 0.5 或 1；曲线显示的是 0.25。可以先让学生估计阴影区域再揭晓，然后联系下一课：在深层 sigmoid 网络中，这些最多为 0.25 的因子会连乘。tanh(z) = 2σ(2z) − 1，所以它的导数峰值高出四倍。',

  'teach.vanishing-gradients.goal.1': '说明为什么反向传播每经过一层就乘上一个导数。',
  'teach.vanishing-gradients.goal.2': '读懂各层梯度范数的对数坐标图。',
  'teach.vanishing-gradients.goal.3': '说出两种补救办法：类 ReLU 的激活函数，以及与之匹配的初始化。',
  'teach.vanishing-gradients.q.smallest': '在哪个网络中，第一层得到的梯度相对最后一层最小？',
  'teach.vanishing-gradients.q.decades': '在 sigmoid 网络中，第一层的梯度范数比最后一层小大约多少个数量级（10 的几次方）？',
  'teach.vanishing-gradients.q.relu': 'ReLU 配 He 初始化：第一层与最后一层梯度范数之比是多少？',
  'teach.vanishing-gradients.notes':
    '图表使用对数坐标：每条网格线相差十倍，学生常把它读成等距的步长。梯度是在初始化时（只走一步）、尚未学习前测得的，因此差异完全来自网络结构。一个好的延伸练习是在训练面板中使用十层 sigmoid：前几层的权重几乎不动。',

  'teach.dying-relu.goal.1': '给出死亡 ReLU 单元的定义：对每个样本输出都为零、梯度也为零。',
  'teach.dying-relu.goal.2': '解释为什么在梯度下降下死亡单元永远不会恢复。',
  'teach.dying-relu.goal.3': '说出能避免死亡单元的激活函数及其原因。',
  'teach.dying-relu.q.dead': '训练结束时，ReLU 网络中有多大比例的隐藏单元死亡（以 % 表示）？',
  'teach.dying-relu.q.recover': '训练让死亡的 ReLU 单元恢复了吗？',
  'teach.dying-relu.q.which': '哪个网络最后的死亡单元最多？',
  'teach.dying-relu.notes':
    '这里每个偏置都从 −1 开始，在第一步之前就让许多单元死亡；过大的学习率在训练中也会造成同样的结果（可在训练面板中试试 lr 10）。学生常以为死亡单元只是对某些输入“关闭”；请强调死亡意味着对每个样本都为负。Leaky ReLU、PReLU 和 ELU 在零以下保留了小梯度，所以它们的单元总能恢复。',

  'teach.prelu-slope.goal.1': '把 PReLU 描述为负斜率可学习（每个单元一个）的 Leaky ReLU。',
  'teach.prelu-slope.goal.2': '读出学到的斜率如何从共同的起点分散开来。',
  'teach.prelu-slope.q.start': '每个 PReLU 单元的初始斜率是多少？',
  'teach.prelu-slope.q.negative': '有没有单元最后的斜率为负？',
  'teach.prelu-slope.q.mean2': '训练后第 2 层的平均斜率是多少？',
  'teach.prelu-slope.notes':
    '初始斜率 0.25 是 PyTorch 的默认值。斜率可能变为负数或大于 1：没有任何约束，而负斜率会使单元不再单调。',

  'teach.initialisation.goal.1': '解释为什么全零权重会让同一层的单元保持相同。',
  'teach.initialisation.goal.2': '说明什么是对称性破缺，以及随机初始化如何做到这一点。',
  'teach.initialisation.goal.3': '把 Xavier 与 sigmoid、tanh 对应，把 He 与 ReLU 对应。',
  'teach.initialisation.q.identical': '训练之后，使用哪种初始化时 sigmoid 网络所有单元的权重仍然完全相同？',
  'teach.initialisation.q.reluZeros': 'ReLU 网络在全零权重下的训练准确率是多少（以 % 表示）？',
  'teach.initialisation.q.bestRelu': '哪种初始化让 ReLU 网络的准确率最高？',
  'teach.initialisation.notes':
    '零权重配 ReLU 时什么都不会动（ReLU′(0) = 0），而 sigmoid 单元会动但保持相同：在这个类别均衡的数据集上，两者最后都接近随机猜测。几种随机初始化的准确率很接近；重点在于它们与全零之间的差距。可以问学生：一层完全相同的单元值多少？（一个单元。）',

  'teach.output-activation.goal.1': '为每种输出层配上对应的损失：sigmoid 配 BCE，softmax 配交叉熵，identity 配 MSE。',
  'teach.output-activation.goal.2': '解释为什么 sigmoid 配 MSE 在自信地出错时学得很慢。',
  'teach.output-activation.goal.3': '算出交叉熵下 logit 的梯度：预测值 − 目标值。',
  'teach.output-activation.q.gradient': '一个 sigmoid 单元自信地出错了。哪种损失给它的梯度更大？',
  'teach.output-activation.q.bceSteps': '使用 BCE 时，这个单元需要多少步梯度下降才能把这个样本判对？',
  'teach.output-activation.q.mseSteps': '使用 MSE 时呢？',
  'teach.output-activation.notes':
    '单个单元的例子把输出层单独拿出来看：z 从 −6 开始，所以对正确类别 σ(z) ≈ 0.0025。在 MSE 下梯度带有因子 σ′(z)，在那里几乎为 0。学生可以在运行课程之前先在纸上推导两个梯度；这里的数字来自计算引擎，而不是公式。',

  'teach.common-mistakes.goal.1': '正确写出 ReLU 的导数，并看出 np.maximum(1, z) 是错的。',
  'teach.common-mistakes.goal.2': '区分死亡单元（ReLU）与饱和单元（sigmoid）。',
  'teach.common-mistakes.goal.3': '记住 σ′ 永远不超过 0.25。',
  'teach.common-mistakes.q.derivative': 'ReLU′(−1) 等于多少？',
  'teach.common-mistakes.q.dead': '在同样宽的初始化下，哪个网络最后有死亡单元？',
  'teach.common-mistakes.q.saturated': 'sigmoid 网络的“单元–样本”对中有多大比例处于饱和（以 % 表示）？',
  'teach.common-mistakes.notes':
    'np.maximum(1, z) 这段代码在问答网站上流传甚广；它在 z = −1 处返回 1，而 ReLU′ 在那里是 0。饱和的 sigmoid 单元仍会传回一点梯度、可以恢复；死亡的 ReLU 单元则一点也不传。两个网络从同样宽的正态初始化开始（标准差 4，偏置 −4）。',

  'teach.build-your-own.goal.1': '把激活函数写成带参数的公式，并读懂它的导数。',
  'teach.build-your-own.goal.2': '看一个参数如何让 z·sigmoid(b·z) 在直线与 ReLU 之间变化。',
  'teach.build-your-own.goal.3': '解释为什么一侧平坦的激活函数会让单元死亡。',
  'teach.build-your-own.q.largeB': 'b 很大时，z·sigmoid(b·z) 最接近哪条曲线？',
  'teach.build-your-own.q.snippet': '把 max(1, z) 当作公式输入，在 z = −1 处得到多少？',
  'teach.build-your-own.q.dead': 'max(1, z) 网络的隐藏单元最后有多大比例死亡（以 % 表示）？',
  'teach.build-your-own.notes':
    '学生在“探索”中输入公式（勾选“Custom formula”）；除 z 和函数名以外的名字都会成为带滑块的参数，f′ 按符号求导，在拐点处遵循 PyTorch 的约定。一个好的后续练习：把 max(1, z) 用在“训练”的某一层，再试试 max(0.1*z, z)，比较死亡单元。公式会随链接一起保存，全班可以共享同一个公式。',
};
