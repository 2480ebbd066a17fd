// teaching.en.ts — the English text of the lessons' teacher material
// (lessons/questions.ts): the questions section of the lesson panel, each
// lesson's learning goals, questions and notes for teachers, and the SCORM
// page's line about what the course records. `{name}` marks a
// placeholder; the answers are never written here: they are computed from the
// student's run and shown after an answer is checked.
export const teachingEn = {
  'teach.goals': 'Learning goals',
  'teach.questions': 'Check your understanding',
  'teach.howChecked': 'Each answer is checked against the numbers of the run on this page. The first answer to each question counts.',
  'teach.waiting': 'Run the experiment first: the answers are checked against its numbers.',
  'teach.check': 'Check',
  'teach.correct': 'Right. This run measured {expected}.',
  'teach.wrong': 'Not quite. This run measured {expected}.',
  'teach.correctChoice': 'Right: {expected}.',
  'teach.wrongChoice': 'Not quite. In this run: {expected}.',
  'teach.invalidNumber': 'Write a number, for example {example}.',
  'teach.invalidChoice': 'Choose one of the answers.',
  'teach.answerLabel': 'Your answer',
  'teach.percentSuffix': '%',
  'teach.progress': '{answered} of {total} questions answered; {correct} right at the first try (score {score} of 100).',
  'teach.notes': 'Notes for teachers',
  'teach.option.linear': 'a straight line',
  'teach.option.yes': 'Yes',
  'teach.option.no': 'No',
  'teach.option.both': 'Both',
  'teach.option.neither': 'Neither',
  'teach.option.zeros': 'All zeros',
  'teach.option.uniform': 'Uniform ±0.5',
  'scorm.connected': 'Your course records this lesson: it is complete once the experiment has run and every question is answered.',
  'scorm.noLms': 'Not opened from a course (no LMS found): nothing is recorded.',
  'scorm.failed': 'The course did not accept the connection: nothing is recorded.',
  'scorm.completed': 'Lesson complete: score {score} of 100, recorded by your course.',

  'teach.sigmoid-saturation.goal.1': 'Read σ′ off the curve: where it peaks, and how high.',
  'teach.sigmoid-saturation.goal.2': 'Explain what a saturated unit is, and why it learns slowly.',
  'teach.sigmoid-saturation.goal.3': 'Compare the derivatives of sigmoid and tanh.',
  'teach.sigmoid-saturation.q.peak': 'What is the largest value σ′(z) takes?',
  'teach.sigmoid-saturation.q.saturates': 'Beyond which |z| does σ′ stay below {threshold}? (one decimal is enough)',
  'teach.sigmoid-saturation.q.larger': 'Which derivative is larger at z = 0?',
  'teach.sigmoid-saturation.notes':
    'A common misconception is that σ′ reaches 0.5 or 1; the curve shows 0.25. Ask students to estimate the shaded region before revealing it, then connect it to the next lesson: in a deep sigmoid net these factors of at most 0.25 multiply. tanh(z) = 2σ(2z) − 1, which is why its derivative peaks four times higher.',

  'teach.vanishing-gradients.goal.1': 'Say why backpropagation multiplies one derivative per layer.',
  'teach.vanishing-gradients.goal.2': 'Read a log-scale chart of gradient norms per layer.',
  'teach.vanishing-gradients.goal.3': 'Name two remedies: ReLU-like activations and a matching initialisation.',
  'teach.vanishing-gradients.q.smallest': 'In which network does the first layer get the smallest gradient compared with the last?',
  'teach.vanishing-gradients.q.decades': 'In the sigmoid network, about how many powers of ten smaller is the first layer’s gradient norm than the last layer’s?',
  'teach.vanishing-gradients.q.relu': 'ReLU with He initialisation: what is the ratio of the first layer’s gradient norm to the last layer’s?',
  'teach.vanishing-gradients.notes':
    'The chart has a log scale: each grid line is a factor of ten, which students often read as a constant step. The gradients are measured at initialisation (one step), before any learning, so the effect comes from the architecture alone. A good follow-up is the Train panel with ten sigmoid layers: the first layers’ weights barely move.',

  'teach.dying-relu.goal.1': 'Define a dead ReLU unit: zero output and zero gradient on every example.',
  'teach.dying-relu.goal.2': 'Explain why a dead unit never recovers under gradient descent.',
  'teach.dying-relu.goal.3': 'Name activations that avoid dead units, and why.',
  'teach.dying-relu.q.dead': 'What share of the ReLU network’s hidden units are dead at the end of training (in %)?',
  'teach.dying-relu.q.recover': 'Did training bring dead ReLU units back to life?',
  'teach.dying-relu.q.which': 'Which network ended with the most dead units?',
  'teach.dying-relu.notes':
    'Every bias starts at −1 here, which kills many units before the first step; a large learning rate does the same during training (try lr 10 in the Train panel). Students often think a dead unit is “switched off” for some inputs; stress that dead means negative on every example. Leaky ReLU, PReLU and ELU keep a small gradient below zero, so their units can always come back.',

  'teach.prelu-slope.goal.1': 'Describe PReLU as a leaky ReLU whose negative slope is learned, one per unit.',
  'teach.prelu-slope.goal.2': 'Read how the learned slopes spread from their common start.',
  'teach.prelu-slope.q.start': 'What slope does every PReLU unit start with?',
  'teach.prelu-slope.q.negative': 'Did any unit end with a negative slope?',
  'teach.prelu-slope.q.mean2': 'What is the mean slope of layer 2 after training?',
  'teach.prelu-slope.notes':
    'The starting slope 0.25 is PyTorch’s default. Slopes may become negative or larger than 1: nothing constrains them, and a negative slope makes the unit non-monotonic.',

  'teach.initialisation.goal.1': 'Explain why all-zero weights keep the units of a layer identical.',
  'teach.initialisation.goal.2': 'Say what symmetry breaking is, and how random initialisation does it.',
  'teach.initialisation.goal.3': 'Match Xavier to sigmoid and tanh, and He to ReLU.',
  'teach.initialisation.q.identical': 'After training, with which initialisation are all the sigmoid units’ weights still identical?',
  'teach.initialisation.q.reluZeros': 'What training accuracy does the ReLU network reach with all-zero weights (in %)?',
  'teach.initialisation.q.bestRelu': 'Which initialisation gave the ReLU network its best accuracy?',
  'teach.initialisation.notes':
    'With zero weights and ReLU nothing moves at all (ReLU′(0) = 0), while sigmoid units move but stay identical: both end near chance on this balanced data set. The accuracies of the random inits are close; the point is the gap to zeros. Ask students what a layer of identical units is worth (one unit).',

  'teach.output-activation.goal.1': 'Pair each head with its loss: sigmoid with BCE, softmax with cross-entropy, identity with MSE.',
  'teach.output-activation.goal.2': 'Explain why sigmoid with MSE learns slowly when it is confidently wrong.',
  'teach.output-activation.goal.3': 'Compute the logit’s gradient under cross-entropy: prediction − target.',
  'teach.output-activation.q.gradient': 'A sigmoid unit is confidently wrong. Which loss gives it the larger gradient?',
  'teach.output-activation.q.bceSteps': 'How many gradient steps does the unit need with BCE to get the example right?',
  'teach.output-activation.q.mseSteps': 'And with MSE?',
  'teach.output-activation.notes':
    'The one-unit example isolates the head: z starts at −6, so σ(z) ≈ 0.0025 for the right class. Under MSE the gradient carries a factor σ′(z), nearly 0 there. Students can derive both gradients on paper before running the lesson; the numbers here come from the engine, not from the formulas.',

  'teach.common-mistakes.goal.1': 'Write ReLU’s derivative correctly, and spot np.maximum(1, z) as wrong.',
  'teach.common-mistakes.goal.2': 'Tell dead units (ReLU) from saturated ones (sigmoid).',
  'teach.common-mistakes.goal.3': 'Remember that σ′ never exceeds 0.25.',
  'teach.common-mistakes.q.derivative': 'What is ReLU′(−1)?',
  'teach.common-mistakes.q.dead': 'With the same wide initialisation, which network ended with dead units?',
  'teach.common-mistakes.q.saturated': 'What share of the sigmoid network’s unit–example pairs are saturated (in %)?',
  'teach.common-mistakes.notes':
    'The np.maximum(1, z) snippet circulates on Q&A sites; it returns 1 at z = −1, where ReLU′ is 0. Saturated sigmoid units still pass a little gradient and can recover; dead ReLU units pass none. Both nets start from the same wide normal initialisation (std 4, bias −4).',

  'teach.build-your-own.goal.1': 'Type an activation as a formula with a parameter, and read its derivative.',
  'teach.build-your-own.goal.2': 'See how one parameter moves z·sigmoid(b·z) between a line and ReLU.',
  'teach.build-your-own.goal.3': 'Explain why an activation that is flat on one side can kill units.',
  'teach.build-your-own.q.largeB': 'For a large b, which curve is z·sigmoid(b·z) closest to?',
  'teach.build-your-own.q.snippet': 'What does max(1, z), typed as a formula, give at z = −1?',
  'teach.build-your-own.q.dead': 'What share of the max(1, z) network’s hidden units ended dead (in %)?',
  'teach.build-your-own.notes':
    'Students type formulas in Explore (tick “Custom formula”); any name other than z and the functions becomes a parameter with a slider, and f′ is derived symbolically, with PyTorch’s conventions at kinks. A good follow-up: give max(1, z) to a Train layer, then try max(0.1*z, z) and compare the dead units. The formula goes with the link, so a class can share one.',
} as const;

export type TeachingMessageKey = keyof typeof teachingEn;
