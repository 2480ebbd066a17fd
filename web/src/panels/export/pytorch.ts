// pytorch.ts — the page's PyTorch export, now implemented once in the npm
// module (web/src/lib/pytorch.ts, behind lab.toPyTorch). This re-export keeps
// the page's old name working; custom formulas need lab.toPyTorch, which
// supplies their torch expressions.
export {
  activationModule,
  pythonFloat,
  pytorchScript as pytorchSnippet,
  type PyTorchOptions as SnippetContext,
} from '../../lib/pytorch';
