// lessons.en.ts — the English text of the course lessons (lessons/) and of the
// embed (embed/). `{name}` marks a placeholder: in "what to look for"
// sentences every number is a placeholder filled with a value computed from
// the run (lessons/compute.ts), formatted for the language (lessons/text.ts);
// no measured number is ever written into these strings.
export const lessonsEn = {
  'lessons.title': 'Lessons',
  'lessons.nav': 'Course lessons',
  'lesson.look': 'What to look for',
  'lesson.run': 'Run the experiment',
  'lesson.pause': 'Pause',
  'lesson.resume': 'Resume',
  'lesson.rerun': 'Run again',
  'lesson.running': 'Training… step {step} of {steps}',
  'lesson.done': 'Done: every number below comes from this run.',
  'lesson.claimHolds': 'Reproduced',
  'lesson.claimFails': 'Not reproduced by this run',
  'lesson.error': 'The lesson could not run: {message}',
  'lesson.loading': 'Loading the WebAssembly module…',
  'lesson.config': 'Experiment',
  'lesson.openInLab': 'Open in the lab',
  'lesson.axis.step': 'step',
  'lesson.axis.layer': 'layer (1 = next to the input)',
  'lesson.axis.z': 'z',
  'lesson.plot.curves': 'f(z) and f′(z)',
  'lesson.plot.gradByLayer': 'Gradient norm per layer at initialisation (log scale)',
  'lesson.plot.deadFraction': 'Share of dead hidden units',
  'lesson.plot.deadFractionDigits': 'Share of dead hidden units on handwritten digits',
  'lesson.plot.accuracy': 'Training accuracy',
  'lesson.plot.slopes': 'Learned PReLU slopes per layer (mean, min, max)',
  'lesson.plot.loss': 'Training loss (log scale)',
  'lesson.plot.probability': 'Predicted probability of the right class, one sigmoid unit',
  'lesson.plot.reluDerivative': 'ReLU’s derivative vs np.maximum(1, z)',
  'lesson.plot.swishFamily': 'z·σ(b·z) for three values of b, and ReLU',

  'lesson.sigmoid-saturation.claim': 'A sigmoid unit far from zero passes almost no gradient back.',
  'lesson.sigmoid-saturation.title': 'Sigmoid and tanh saturate',
  'lesson.sigmoid-saturation.intro':
    'The sigmoid σ(z) = 1/(1 + e^−z) has the derivative σ′(z) = σ(z)(1 − σ(z)). It is largest at z = 0 and falls off quickly on both sides: a unit whose input is far from zero passes almost no gradient back. tanh is a scaled sigmoid, centred at zero, with a derivative four times larger at the peak. The shaded region is where σ′ has all but vanished.',
  'lesson.sigmoid-saturation.look.peak': 'σ′ peaks at {peak}, at z = {z}.',
  'lesson.sigmoid-saturation.look.saturates': 'σ′ is below {threshold} for every |z| > {z} (shaded): there the unit is saturated.',
  'lesson.sigmoid-saturation.look.tanh': 'tanh′ peaks at {peak}; it falls below the same threshold for |z| > {z}.',

  'lesson.vanishing-gradients.claim': 'In a deep sigmoid network the first layers get orders of magnitude less gradient than the last.',
  'lesson.vanishing-gradients.title': 'Vanishing gradients',
  'lesson.vanishing-gradients.intro':
    'Backpropagation multiplies one derivative per layer. With sigmoid units each factor is at most a quarter, so in a deep network the gradient reaching the first layers shrinks by orders of magnitude and those layers barely learn. ReLU’s derivative is 1 where the unit is active, and with He initialisation the signal keeps its size through the layers; tanh, with its larger derivative, lies in between. The same ten-layer network is built three times (sigmoid and tanh with Xavier init, ReLU with He init); the chart shows each layer’s gradient norm at initialisation.',
  'lesson.vanishing-gradients.look.sigmoid': 'Sigmoid, {layers} layers: the first layer’s gradient norm is {ratio} times the last layer’s.',
  'lesson.vanishing-gradients.look.relu': 'ReLU with He init: the ratio is {ratio}, the gradient does not vanish.',
  'lesson.vanishing-gradients.look.tanh': 'tanh lies in between: {ratio}.',

  'lesson.dying-relu.claim': 'ReLU units can die for good: zero output and zero gradient on every example.',
  'lesson.dying-relu.title': 'Dying ReLU',
  'lesson.dying-relu.intro':
    'A ReLU unit whose input is negative for every example outputs 0 and has derivative 0 everywhere: no gradient reaches its weights, so it never comes back. A learning rate that is too large or a negative bias initialisation (here every bias starts at −1) pushes many units there at once. Leaky ReLU, PReLU and ELU keep a small gradient below zero, so their units cannot die.',
  'lesson.dying-relu.look.start': 'ReLU at the start: {dead} of the hidden units are already dead — watch the curve, it never comes down to zero.',
  'lesson.dying-relu.look.relu': 'ReLU: {dead} of the hidden units are dead at the end, and the net reaches {accuracy} training accuracy.',
  'lesson.dying-relu.look.others': 'Leaky ReLU, PReLU and ELU: at most {dead} dead units, and each reaches at least {accuracy}.',
  'lesson.dying-relu.look.digits': 'On real data too, with no bias trick: on handwritten digits ({classes} classes; two hidden layers of {units} units, Adam with learning rate {lr}) ReLU ends with {dead} of its hidden units dead and {accuracy} test accuracy; Leaky ReLU ends with {leakyDead} dead and {leakyAccuracy}.',

  'lesson.prelu-slope.claim': 'PReLU learns, unit by unit, how much of the negative side to let through.',
  'lesson.prelu-slope.title': 'PReLU learns its slope',
  'lesson.prelu-slope.intro':
    'PReLU is a leaky ReLU whose negative slope is a parameter, one per unit, trained with the weights. It starts at 0.25, as in PyTorch; watch the slopes spread out and move as the network learns.',
  'lesson.prelu-slope.look.start': 'Every slope starts at {slope}.',
  'lesson.prelu-slope.look.layer': 'Layer {layer}: mean slope {mean}, from {min} to {max}.',

  'lesson.initialisation.claim': 'All-zero weights keep every unit of a layer identical forever.',
  'lesson.initialisation.title': 'Initialisation matters',
  'lesson.initialisation.intro':
    'If every weight starts at zero, every unit of a layer computes the same thing and receives the same gradient: they stay identical forever, and the layer is as good as one unit. Random initialisation breaks the symmetry. Its scale matters too: Xavier suits sigmoid and tanh, He suits ReLU. Eight small networks compare zeros, uniform ±0.5, Xavier and He for sigmoid and ReLU.',
  'lesson.initialisation.look.zeros': 'Sigmoid, zeros: after training, the largest difference between two units’ weights is {spread} — they are identical — and the accuracy is {accuracy}.',
  'lesson.initialisation.look.reluZeros': 'ReLU, zeros: every pre-activation is zero, where ReLU′ is zero too, so nothing moves at all; accuracy {accuracy}.',
  'lesson.initialisation.look.random': 'With random init the units differ (sigmoid, Xavier: {spread}); the best sigmoid net reaches {sigmoid}, the best ReLU net {relu}.',

  'lesson.output-activation.claim': 'The head and the loss belong together; sigmoid with MSE learns slowest when most wrong.',
  'lesson.output-activation.title': 'Choosing the output activation',
  'lesson.output-activation.intro':
    'The head and the loss go together: sigmoid + binary cross-entropy for two classes, softmax + cross-entropy for several, identity + mean squared error for regression. With cross-entropy the gradient at the logit is simply prediction − target. Sigmoid with MSE multiplies that by σ′, which is nearly zero exactly when the unit is confidently wrong — so it learns slowest when it most needs to.',
  'lesson.output-activation.look.gradient': 'A unit predicting {p} for the right class: the BCE gradient is {bce}, the MSE gradient only {mse}.',
  'lesson.output-activation.look.steps': 'Starting there, gradient descent needs {bce} steps with BCE to get it right, and {mse} with MSE.',
  'lesson.output-activation.look.heads': 'Final training loss with the matching head: sigmoid + BCE {bce}, softmax + CE {ce}, identity + MSE {mse}.',

  'lesson.common-mistakes.claim': 'np.maximum(1, z) is not ReLU’s derivative, and saturated units are not dead ones.',
  'lesson.common-mistakes.title': 'Common mistakes',
  'lesson.common-mistakes.intro':
    'ReLU’s derivative is a step: 0 for z ≤ 0 and 1 for z > 0. A snippet copied around the web computes it as np.maximum(1, z), which is 1 for every z ≤ 1 and z above — not a derivative of ReLU at all. The plot shows both. Also: dead units are a ReLU phenomenon (sigmoid units never have a zero derivative, they saturate instead), and the sigmoid’s derivative never exceeds a quarter — it does not “saturate at 0.5”.',
  'lesson.common-mistakes.look.snippet': 'At z = {z} the snippet gives {copied} where the true derivative is {relu}; the curves differ by up to {difference}, at {share} of the points plotted.',
  'lesson.common-mistakes.look.sigmoidPeak': 'The sigmoid’s derivative is at most {peak}.',
  'lesson.common-mistakes.look.dead': 'Same wide initialisation, two nets: ReLU has {reluDead} dead units; sigmoid has {sigmoidDead} dead units but {saturated} of its unit–example pairs are saturated.',

  'lesson.build-your-own.claim': 'A formula you type is an activation like any other: its derivative is worked out exactly, and it trains.',
  'lesson.build-your-own.title': 'Build your own activation',
  'lesson.build-your-own.intro':
    'In Explore, tick “Custom formula” and type a formula in z: any name other than z and the functions becomes a parameter with a slider, and the derivative is derived for you (exactly, not by finite differences). Here z·sigmoid(b·z) — Swish — slides from a straight line (small b) to ReLU (large b). Then the snippet np.maximum(1, z) is typed as a formula: it is not ReLU’s derivative, and used as an activation its flat part below 1 kills units. Change a formula in Train or Compare and see for yourself.',
  'lesson.build-your-own.look.linear': 'With b = {b}, the slope f′ stays between {low} and {high} for z from {from} to {to}: the unit is nearly the straight line of slope {slope} (never more than {gap} away from it).',
  'lesson.build-your-own.look.relu': 'With b = {b}, f is never more than {gap} away from ReLU.',
  'lesson.build-your-own.look.snippet': 'Typed as a formula, {formula} gives {copied} at z = {z}, where relu′ is {relu}; they differ at {share} of the points plotted.',
  'lesson.build-your-own.look.train': 'Trained on the moons, the typed z·sigmoid(z) reaches {accuracy} accuracy with {dead} dead units; ReLU reaches {reluAccuracy} with {reluDead} dead.',
  'lesson.build-your-own.look.dies': 'Used as an activation, {formula} is flat (f′ is zero) wherever z < {kink}: {dead} of its hidden units die (accuracy {accuracy}). The network view shows which ones.',

  'embed.copy': 'Copy embed code',
  'embed.copied': 'Copied.',
  'embed.copyFallback': 'Select the text below and copy it.',
  'embed.element': 'Custom element',
  'embed.iframe': 'iframe',
  'embed.notFound': 'Unknown lesson “{lesson}”.',
  'embed.badConfig': 'The experiment in the config attribute is not valid: {message}',
  'lesson.network': 'The network of the “{run}” run, unit by unit: which units die, and when',
} as const;

export type LessonMessageKey = keyof typeof lessonsEn;
