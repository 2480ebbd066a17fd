// lessons.zh.ts — 课程与嵌入组件的简体中文文本（与 lessons.en.ts 的键相同）。
// `{name}` 是占位符：“观察要点”中的每个数字都由运行结果计算并按语言格式化后填入。
import type { LessonMessageKey } from './lessons.en';

export const lessonsZh: Partial<Record<LessonMessageKey, string>> = {
  'lessons.title': '课程',
  'lessons.nav': '课程列表',
  'lesson.look': '观察要点',
  'lesson.run': '运行实验',
  'lesson.pause': '暂停',
  'lesson.resume': '继续',
  'lesson.rerun': '重新运行',
  'lesson.running': '训练中……第 {step} 步，共 {steps} 步',
  'lesson.done': '完成：下面的每个数字都来自这次运行。',
  'lesson.claimHolds': '已复现',
  'lesson.claimFails': '本次运行未能复现',
  'lesson.error': '课程无法运行：{message}',
  'lesson.loading': '正在加载 WebAssembly 模块……',
  'lesson.config': '实验',
  'lesson.openInLab': '在实验室中打开',
  'lesson.axis.step': '步数',
  'lesson.axis.layer': '层（1 = 紧邻输入）',
  'lesson.axis.z': 'z',
  'lesson.plot.curves': 'f(z) 与 f′(z)',
  'lesson.plot.gradByLayer': '初始化时各层的梯度范数（对数坐标）',
  'lesson.plot.deadFraction': '死亡隐藏单元的比例',
  'lesson.plot.deadFractionDigits': '手写数字上死亡隐藏单元的比例',
  'lesson.plot.accuracy': '训练准确率',
  'lesson.plot.slopes': '各层学到的 PReLU 斜率（均值、最小值、最大值）',
  'lesson.plot.loss': '训练损失（对数坐标）',
  'lesson.plot.probability': '单个 sigmoid 单元对正确类别的预测概率',
  'lesson.plot.reluDerivative': 'ReLU 的导数与 np.maximum(1, z) 的对比',
  'lesson.plot.swishFamily': '三个 b 值下的 z·σ(b·z) 与 ReLU',

  'lesson.sigmoid-saturation.claim': '远离零点的 sigmoid 单元几乎传不回梯度。',
  'lesson.sigmoid-saturation.title': 'Sigmoid 与 tanh 会饱和',
  'lesson.sigmoid-saturation.intro':
    'Sigmoid 函数 σ(z) = 1/(1 + e^−z) 的导数是 σ′(z) = σ(z)(1 − σ(z))。它在 z = 0 处最大，向两侧迅速衰减：输入远离零的单元几乎传不回梯度。tanh 是平移缩放后的 sigmoid，以零为中心，峰值处的导数是 sigmoid 的四倍。阴影区域是 σ′ 几乎消失的地方。',
  'lesson.sigmoid-saturation.look.peak': 'σ′ 的峰值为 {peak}，位于 z = {z}。',
  'lesson.sigmoid-saturation.look.saturates': '当 |z| > {z} 时（阴影区域），σ′ 均小于 {threshold}：单元处于饱和状态。',
  'lesson.sigmoid-saturation.look.tanh': 'tanh′ 的峰值为 {peak}；当 |z| > {z} 时它也低于同一阈值。',

  'lesson.vanishing-gradients.claim': '在深层 sigmoid 网络中，前几层得到的梯度比最后一层小几个数量级。',
  'lesson.vanishing-gradients.title': '梯度消失',
  'lesson.vanishing-gradients.intro':
    '反向传播在每一层乘上一个导数。sigmoid 单元的每个因子最多为四分之一，因此在深层网络中，传到前几层的梯度会缩小好几个数量级，这些层几乎学不到东西。ReLU 在激活区域的导数为 1，配合 He 初始化，信号在各层之间保持量级；tanh 的导数更大，介于两者之间。同一个十层网络构建三次（sigmoid 和 tanh 用 Xavier 初始化，ReLU 用 He 初始化）；图中显示初始化时每一层的梯度范数。',
  'lesson.vanishing-gradients.look.sigmoid': 'Sigmoid，{layers} 层：第一层的梯度范数是最后一层的 {ratio} 倍。',
  'lesson.vanishing-gradients.look.relu': 'ReLU 配合 He 初始化：比值为 {ratio}，梯度没有消失。',
  'lesson.vanishing-gradients.look.tanh': 'tanh 介于两者之间：{ratio}。',

  'lesson.dying-relu.claim': 'ReLU 单元可能永久死亡：在每个样本上输出和梯度都为零。',
  'lesson.dying-relu.title': 'ReLU 死亡',
  'lesson.dying-relu.intro':
    '如果一个 ReLU 单元对所有样本的输入都是负数，它的输出为 0，导数处处为 0：没有梯度能到达它的权重，它再也不会恢复。过大的学习率或负的偏置初始化（这里所有偏置都从 −1 开始）会让许多单元同时陷入这种状态。Leaky ReLU、PReLU 和 ELU 在零以下仍保留一点梯度，所以它们的单元不会死亡。',
  'lesson.dying-relu.look.start': 'ReLU 一开始就有 {dead} 的隐藏单元死亡——观察曲线，它再也回不到零。',
  'lesson.dying-relu.look.relu': 'ReLU：训练结束时有 {dead} 的隐藏单元已经死亡，网络的训练准确率为 {accuracy}。',
  'lesson.dying-relu.look.others': 'Leaky ReLU、PReLU 和 ELU：死亡单元最多 {dead}，每个网络的准确率至少为 {accuracy}。',
  'lesson.dying-relu.look.digits': '在真实数据上也一样，而且不需要偏置技巧：在手写数字上（{classes} 个类别；两个隐藏层各 {units} 个单元，Adam 学习率 {lr}），ReLU 训练结束时有 {dead} 的隐藏单元死亡，测试准确率为 {accuracy}；Leaky ReLU 死亡 {leakyDead}，测试准确率为 {leakyAccuracy}。',

  'lesson.prelu-slope.claim': 'PReLU 逐个单元地学习负半轴应该放过多少。',
  'lesson.prelu-slope.title': 'PReLU 学习自己的斜率',
  'lesson.prelu-slope.intro':
    'PReLU 是负半轴斜率可学习的 leaky ReLU：每个单元一个斜率参数，与权重一起训练。和 PyTorch 一样，它从 0.25 开始；观察网络学习时斜率如何分散和移动。',
  'lesson.prelu-slope.look.start': '所有斜率都从 {slope} 开始。',
  'lesson.prelu-slope.look.layer': '第 {layer} 层：平均斜率 {mean}，范围 {min} 到 {max}。',

  'lesson.initialisation.claim': '全零权重会让同一层的所有单元永远保持相同。',
  'lesson.initialisation.title': '初始化很重要',
  'lesson.initialisation.intro':
    '如果所有权重都从零开始，同一层的每个单元计算相同的东西、得到相同的梯度：它们永远保持一致，整层等同于一个单元。随机初始化打破了这种对称性。初始化的尺度也很重要：Xavier 适合 sigmoid 和 tanh，He 适合 ReLU。八个小网络分别比较 sigmoid 与 ReLU 在零初始化、均匀分布 ±0.5、Xavier 和 He 下的表现。',
  'lesson.initialisation.look.zeros': 'Sigmoid，零初始化：训练后两个单元权重之间的最大差异为 {spread}——它们完全相同——准确率为 {accuracy}。',
  'lesson.initialisation.look.reluZeros': 'ReLU，零初始化：所有预激活都是零，而 ReLU′ 在零处也是零，所以什么都不会改变；准确率 {accuracy}。',
  'lesson.initialisation.look.random': '随机初始化后各单元互不相同（sigmoid，Xavier：{spread}）；最好的 sigmoid 网络达到 {sigmoid}，最好的 ReLU 网络达到 {relu}。',

  'lesson.output-activation.claim': '输出头和损失要搭配；sigmoid 配 MSE 恰恰在错得最离谱时学得最慢。',
  'lesson.output-activation.title': '选择输出激活函数',
  'lesson.output-activation.intro':
    '输出层与损失函数要搭配：二分类用 sigmoid + 二元交叉熵，多分类用 softmax + 交叉熵，回归用恒等函数 + 均方误差。使用交叉熵时，logit 处的梯度就是“预测 − 目标”。sigmoid 配 MSE 则还要乘以 σ′，而恰恰在单元自信地犯错时 σ′ 几乎为零——所以它在最需要学习的时候学得最慢。',
  'lesson.output-activation.look.gradient': '一个对正确类别只预测 {p} 的单元：BCE 的梯度为 {bce}，MSE 的梯度只有 {mse}。',
  'lesson.output-activation.look.steps': '从这里出发，梯度下降用 BCE 需要 {bce} 步才能预测正确，用 MSE 需要 {mse} 步。',
  'lesson.output-activation.look.heads': '搭配合适的输出层后的最终训练损失：sigmoid + BCE 为 {bce}，softmax + CE 为 {ce}，恒等 + MSE 为 {mse}。',

  'lesson.common-mistakes.claim': 'np.maximum(1, z) 不是 ReLU 的导数，饱和的单元也不是死亡的单元。',
  'lesson.common-mistakes.title': '常见错误',
  'lesson.common-mistakes.intro':
    'ReLU 的导数是阶跃函数：z ≤ 0 时为 0，z > 0 时为 1。网上流传的一段代码用 np.maximum(1, z) 来计算它：对所有 z ≤ 1 都得到 1，更大的 z 则得到 z 本身——这根本不是 ReLU 的导数。图中画出了两者。另外：死亡单元是 ReLU 特有的现象（sigmoid 单元的导数从不为零，它们是饱和），而且 sigmoid 的导数从不超过四分之一——并不是“在 0.5 处饱和”。',
  'lesson.common-mistakes.look.snippet': '在 z = {z} 处，这段代码给出 {copied}，而真正的导数是 {relu}；两条曲线最多相差 {difference}，在所画的点中有 {share} 不同。',
  'lesson.common-mistakes.look.sigmoidPeak': 'sigmoid 的导数最大为 {peak}。',
  'lesson.common-mistakes.look.dead': '同样宽的初始化，两个网络：ReLU 有 {reluDead} 的单元死亡；sigmoid 的死亡单元为 {sigmoidDead}，但有 {saturated} 的（单元，样本）对处于饱和。',

  'lesson.build-your-own.claim': '你输入的公式和其他激活函数一样：导数被精确求出，也能训练。',
  'lesson.build-your-own.title': '自己动手设计激活函数',
  'lesson.build-your-own.intro':
    '在“探索”中勾选“Custom formula”，输入一个关于 z 的公式：除 z 和函数名以外的名字都会成为带滑块的参数，导数会自动精确求出（不是有限差分）。这里 z·sigmoid(b·z)（即 Swish）随 b 从一条直线（b 很小）变到 ReLU（b 很大）。然后把代码片段 np.maximum(1, z) 当作公式输入：它不是 ReLU 的导数；当作激活函数使用时，它在 1 以下的平坦部分会让单元死亡。在“训练”或“比较”中改一改公式，亲自看看。',
  'lesson.build-your-own.look.linear': 'b = {b} 时，在 z 从 {from} 到 {to} 的范围内斜率 f′ 始终在 {low} 与 {high} 之间：这个单元几乎就是斜率为 {slope} 的直线（相差不超过 {gap}）。',
  'lesson.build-your-own.look.relu': 'b = {b} 时，f 与 ReLU 的差距不超过 {gap}。',
  'lesson.build-your-own.look.snippet': '把 {formula} 当作公式输入，在 z = {z} 处得到 {copied}，而 relu′ 为 {relu}；在所画的点中有 {share} 不同。',
  'lesson.build-your-own.look.train': '在 moons 数据上训练，输入的 z·sigmoid(z) 达到 {accuracy} 的准确率，死亡单元 {dead}；ReLU 达到 {reluAccuracy}，死亡单元 {reluDead}。',
  'lesson.build-your-own.look.dies': '当作激活函数使用时，{formula} 在 z < {kink} 处是平的（f′ 为零）：{dead} 的隐藏单元死亡（准确率 {accuracy}）。网络视图显示了是哪些单元。',

  'embed.copy': '复制嵌入代码',
  'embed.copied': '已复制。',
  'embed.copyFallback': '请选中下面的文本并复制。',
  'embed.element': '自定义元素',
  'embed.iframe': 'iframe',
  'embed.notFound': '未知的课程“{lesson}”。',
  'embed.badConfig': 'config 属性中的实验无效：{message}',
  'lesson.network': '“{run}”这次运行的网络，逐个单元：哪些单元死亡，在何时死亡',
};
