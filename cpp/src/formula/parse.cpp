// formula/parse.cpp — the tokenizer and recursive-descent parser of the
// formula language. Every error names the field and a 1-based column
// (counted in characters, so non-ASCII text points at the right place), and
// stops at the first problem. Recursion is bounded: nesting is capped at 64
// levels and the text at 256 characters.
#include "formula/parse.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "actlab/formula.hpp"

namespace actlab::formula {
namespace {

enum class Tok { number, ident, plus, minus, star, slash, caret, lparen, rparen, comma, lt, le, gt, ge, end };

struct Token {
  Tok kind = Tok::end;
  std::string text;
  int column = 1;
  double number = 0.0;
};

// What a function name calls.
struct Function {
  enum class Kind { unary, builtin, min, max, where } kind;
  Op op = Op::abs;           // unary
  Act act = Act::identity;   // builtin
  int arity = 1;
};

// The one-argument functions of the language that are not built-in
// activations (sigmoid, softplus, relu and tanh are: they use the kernels).
constexpr Op kUnaryFunctions[] = {Op::exp, Op::log, Op::log1p, Op::expm1, Op::sqrt, Op::abs, Op::sign, Op::sin,
                                  Op::cos, Op::tan, Op::atan, Op::sinh, Op::cosh, Op::erf};

bool find_function(const std::string& name, Function* out) {
  for (Op op : kUnaryFunctions) {
    if (name == function_name(op)) {
      *out = {Function::Kind::unary, op, Act::identity, 1};
      return true;
    }
  }
  for (int i = 0; i < kActCount; ++i) {
    if (name == activation_info(static_cast<Act>(i)).key) {
      *out = {Function::Kind::builtin, Op::builtin, static_cast<Act>(i), 1};
      return true;
    }
  }
  if (name == "min") *out = {Function::Kind::min, Op::min, Act::identity, 2};
  else if (name == "max") *out = {Function::Kind::max, Op::max, Act::identity, 2};
  else if (name == "where") *out = {Function::Kind::where, Op::where, Act::identity, 3};
  else return false;
  return true;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

int edit_distance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The closest function name, or "" when none is close (case is ignored;
// one edit allowed for names up to 4 characters, two beyond).
std::string suggestion(const std::string& name) {
  if (name.size() > 32) return "";
  const std::string wanted = lower(name);
  const int allowed = wanted.size() <= 4 ? 1 : 2;
  std::string best;
  int best_distance = allowed + 1;
  for (const std::string& candidate : function_names()) {
    const int d = edit_distance(wanted, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Characters (code points) in text: bytes that do not continue a UTF-8 sequence.
int count_characters(std::string_view text) {
  int count = 0;
  for (char c : text)
    if (!is_continuation(static_cast<unsigned char>(c))) ++count;
  return count;
}

// One character of text at i, for a message: the UTF-8 sequence when it is
// well formed, else \xNN.
std::string shown_character(std::string_view text, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c >= 0x20 && c < 0x7f) return std::string(1, static_cast<char>(c));
  std::size_t length = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  bool well_formed = length > 0 && i + length <= text.size();
  for (std::size_t k = 1; well_formed && k < length; ++k)
    well_formed = is_continuation(static_cast<unsigned char>(text[i + k]));
  if (well_formed) return std::string(text.substr(i, length));
  static const char kHex[] = "0123456789ABCDEF";
  return std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view field, Parsed* out) : text_(text), field_(field), out_(out) {}

  Status run() {
    const int characters = count_characters(text_);
    if (characters > kFormulaMaxLength) {
      return Status::range_error(prefix() + "at most " + std::to_string(kFormulaMaxLength) + " characters, got " +
                                 std::to_string(characters));
    }
    if (!tokenize()) return status_;
    if (tokens_.size() == 1) {
      return Status::type_error(prefix() + "empty formula (type an expression in z, for example z*sigmoid(z))");
    }
    const NodeId root = expression(false);
    if (root == kNoNode) return status_;
    if (peek().kind != Tok::end) {
      unexpected(peek());
      return status_;
    }
    out_->root = root;
    return Status::success();
  }

 private:
  std::string prefix() const { return std::string(field_) + ": "; }
  std::string at(int column) const { return " at column " + std::to_string(column); }

  NodeId fail_type(const std::string& message) {
    status_ = Status::type_error(prefix() + message);
    return kNoNode;
  }
  NodeId fail_range(const std::string& message) {
    status_ = Status::range_error(prefix() + message);
    return kNoNode;
  }

  // ---------------------------------------------------------------- lexer ---
  bool tokenize() {
    std::size_t i = 0;
    int column = 1;
    auto advance = [&](std::size_t bytes) {
      for (std::size_t k = 0; k < bytes; ++k, ++i)
        if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++column;
    };
    while (i < text_.size()) {
      const char c = text_[i];
      if (is_space(c)) {
        advance(1);
        continue;
      }
      Token t;
      t.column = column;
      if (is_digit(c) || (c == '.' && i + 1 < text_.size() && is_digit(text_[i + 1]))) {
        std::size_t j = i;
        while (j < text_.size() && is_digit(text_[j])) ++j;
        if (j < text_.size() && text_[j] == '.') {
          ++j;
          while (j < text_.size() && is_digit(text_[j])) ++j;
        }
        // An exponent only when digits follow: "2e" is 2 then the constant e.
        if (j < text_.size() && (text_[j] == 'e' || text_[j] == 'E')) {
          std::size_t k = j + 1;
          if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) ++k;
          if (k < text_.size() && is_digit(text_[k])) {
            while (k < text_.size() && is_digit(text_[k])) ++k;
            j = k;
          }
        }
        t.kind = Tok::number;
        t.text = std::string(text_.substr(i, j - i));
        t.number = std::strtod(t.text.c_str(), nullptr);
        // From FLT_MAX + half an ULP on, the float would be inf.
        if (!(t.number < 3.4028235677973366e38)) {
          fail_range("number " + t.text + at(column) + " is too large for a float (at most 3.4e38)");
          return false;
        }
        advance(j - i);
      } else if (is_ident_start(c)) {
        std::size_t j = i;
        while (j < text_.size() && (is_ident_start(text_[j]) || is_digit(text_[j]))) ++j;
        t.kind = Tok::ident;
        t.text = std::string(text_.substr(i, j - i));
        advance(j - i);
      } else {
        const char next = i + 1 < text_.size() ? text_[i + 1] : '\0';
        std::size_t length = 1;
        switch (c) {
          case '+': t.kind = Tok::plus; break;
          case '-': t.kind = Tok::minus; break;
          case '*': t.kind = Tok::star; break;
          case '/': t.kind = Tok::slash; break;
          case '^': t.kind = Tok::caret; break;
          case '(': t.kind = Tok::lparen; break;
          case ')': t.kind = Tok::rparen; break;
          case ',': t.kind = Tok::comma; break;
          case '<':
            t.kind = next == '=' ? Tok::le : Tok::lt;
            length = next == '=' ? 2 : 1;
            break;
          case '>':
            t.kind = next == '=' ? Tok::ge : Tok::gt;
            length = next == '=' ? 2 : 1;
            break;
          case '=':
            fail_type("'=' is not an operator" + at(column) + " (comparisons are <, <=, >, >=, inside where)");
            return false;
          default:
            fail_type("unexpected character '" + shown_character(text_, i) + "'" + at(column));
            return false;
        }
        t.text = std::string(text_.substr(i, length));
        advance(length);
      }
      tokens_.push_back(std::move(t));
    }
    Token end;
    end.kind = Tok::end;
    end.column = column;
    tokens_.push_back(end);
    return true;
  }

  // --------------------------------------------------------------- parser ---
  const Token& peek() const { return tokens_[pos_]; }
  const Token& take() { return tokens_[pos_++]; }

  // An error for a token that cannot come here.
  NodeId unexpected(const Token& t) {
    switch (t.kind) {
      case Tok::end: return fail_type("unexpected end of formula" + at(t.column));
      case Tok::number:
      case Tok::ident:
      case Tok::lparen:
        return fail_type("missing operator before '" + t.text + "'" + at(t.column) + " (write * to multiply)");
      case Tok::lt:
      case Tok::le:
      case Tok::gt:
      case Tok::ge:
        return fail_type("comparison '" + t.text + "'" + at(t.column) +
                         " is only allowed as the condition of where(condition, a, b)");
      default: return fail_type("unexpected '" + t.text + "'" + at(t.column));
    }
  }

  static bool is_comparison_token(Tok k) { return k == Tok::lt || k == Tok::le || k == Tok::gt || k == Tok::ge; }

  // expression := sum [comparison sum], the comparison only where allowed.
  NodeId expression(bool comparison_allowed) {
    const NodeId left = sum();
    if (left == kNoNode) return kNoNode;
    if (!is_comparison_token(peek().kind)) return left;
    if (!comparison_allowed) return unexpected(peek());
    const Token op = take();
    const NodeId right = sum();
    if (right == kNoNode) return kNoNode;
    if (is_comparison_token(peek().kind)) {
      return fail_type("comparisons cannot be chained" + at(peek().column) + " (nest where instead)");
    }
    const Op cmp = op.kind == Tok::lt ? Op::lt : op.kind == Tok::le ? Op::le : op.kind == Tok::gt ? Op::gt : Op::ge;
    return pool().compare(cmp, left, right);
  }

  NodeId sum() {
    NodeId left = term();
    while (left != kNoNode && (peek().kind == Tok::plus || peek().kind == Tok::minus)) {
      const bool plus = take().kind == Tok::plus;
      const NodeId right = term();
      if (right == kNoNode) return kNoNode;
      left = plus ? pool().add(left, right) : pool().sub(left, right);
    }
    return left;
  }

  NodeId term() {
    NodeId left = unary();
    while (left != kNoNode && (peek().kind == Tok::star || peek().kind == Tok::slash)) {
      const bool times = take().kind == Tok::star;
      const NodeId right = unary();
      if (right == kNoNode) return kNoNode;
      left = times ? pool().mul(left, right) : pool().div(left, right);
    }
    return left;
  }

  // unary := ('-' | '+') unary | power. Each sign is a level of nesting, so
  // a long run of them is bounded like parentheses.
  NodeId unary() {
    if (peek().kind == Tok::minus || peek().kind == Tok::plus) {
      const Token sign = take();
      if (!enter(sign.column)) return kNoNode;
      const NodeId operand = unary();
      --depth_;
      if (operand == kNoNode) return kNoNode;
      return sign.kind == Tok::minus ? pool().neg(operand) : operand;
    }
    return power();
  }

  // power := primary ['^' unary]: right-associative, and -z^2 = -(z^2)
  // because unary() reaches power() only after taking the sign.
  NodeId power() {
    const NodeId base = primary();
    if (base == kNoNode || peek().kind != Tok::caret) return base;
    const Token caret = take();
    if (!enter(caret.column)) return kNoNode;
    const NodeId exponent = unary();
    --depth_;
    if (exponent == kNoNode) return kNoNode;
    return pool().pow(base, exponent);
  }

  bool enter(int column) {
    if (++depth_ > kFormulaMaxDepth) {
      fail_range("nesting deeper than " + std::to_string(kFormulaMaxDepth) + " levels" + at(column));
      return false;
    }
    return true;
  }

  NodeId primary() {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::number: {
        take();
        return pool().constant(static_cast<float>(t.number));
      }
      case Tok::lparen: {
        const Token open = take();
        if (!enter(open.column)) return kNoNode;
        const NodeId inner = expression(false);
        if (inner == kNoNode) return kNoNode;
        if (!close(open)) return kNoNode;
        --depth_;
        return inner;
      }
      case Tok::ident: return identifier();
      case Tok::end:
        return fail_type("unexpected end of formula" + at(t.column) + " (expected a number, z, a parameter or '(')");
      default: return fail_type("unexpected '" + t.text + "'" + at(t.column));
    }
  }

  bool close(const Token& open) {
    if (peek().kind == Tok::rparen) {
      take();
      return true;
    }
    if (peek().kind == Tok::end) {
      fail_type("missing ')' for the '('" + at(open.column));
    } else {
      unexpected(peek());
    }
    return false;
  }

  NodeId identifier() {
    const Token name = take();
    Function function;
    const bool known = find_function(name.text, &function);
    const bool variable = name.text == "z" || name.text == "x" || name.text == "pi" || name.text == "e";
    if (peek().kind == Tok::lparen && variable) return unexpected(peek());
    if (peek().kind == Tok::lparen) {
      if (!known) {
        const std::string near = suggestion(name.text);
        return fail_type("unknown function '" + name.text + "'" + at(name.column) +
                         (near.empty() ? std::string(" (see docs/config.md for the list)") : " (did you mean " + near + "?)"));
      }
      return call(name, function);
    }
    if (name.text == "z" || name.text == "x") return pool().input();
    if (name.text == "pi") return pool().symbol(kSymbolPi);
    if (name.text == "e") return pool().symbol(kSymbolE);
    if (known) return fail_type("'" + name.text + "' is a function" + at(name.column) + ": write " + name.text + "(...)");
    if (name.text == "formula") return fail_type("'formula' cannot be a parameter name" + at(name.column));
    const int existing = pool().find_symbol(name.text);
    if (existing >= 0) return pool().symbol(existing);
    if (static_cast<int>(out_->parameters.size()) >= kFormulaMaxParameters) {
      std::string names;
      for (const std::string& p : out_->parameters) names += p + ", ";
      return fail_range("at most " + std::to_string(kFormulaMaxParameters) + " parameters" + at(name.column) +
                        " (it already has " + names.substr(0, names.size() - 2) + "; '" + name.text + "' would be one more)");
    }
    out_->parameters.push_back(name.text);
    return pool().symbol(pool().symbol_index(name.text));
  }

  NodeId call(const Token& name, const Function& function) {
    const Token open = take();  // '('
    if (!enter(open.column)) return kNoNode;
    std::vector<NodeId> args;
    if (peek().kind == Tok::rparen) {
      return fail_type(name.text + " takes " + arguments(function.arity) + ", got none" + at(name.column));
    }
    for (;;) {
      const bool condition = function.kind == Function::Kind::where && args.empty();
      const int arg_column = peek().column;
      const NodeId arg = expression(condition);
      if (arg == kNoNode) return kNoNode;
      if (condition && !is_comparison(pool().node(arg).op)) {
        return fail_type("the condition of where must be a comparison (<, <=, >, >=)" + at(arg_column));
      }
      args.push_back(arg);
      if (peek().kind != Tok::comma) break;
      take();
    }
    if (static_cast<int>(args.size()) != function.arity) {
      return fail_type(name.text + " takes " + arguments(function.arity) + ", got " + std::to_string(args.size()) +
                       at(name.column));
    }
    if (!close(open)) return kNoNode;
    --depth_;
    switch (function.kind) {
      case Function::Kind::unary: return pool().unary(function.op, args[0]);
      case Function::Kind::builtin: return pool().builtin_default(function.act, args[0]);
      case Function::Kind::min: return pool().min(args[0], args[1]);
      case Function::Kind::max: return pool().max(args[0], args[1]);
      case Function::Kind::where: return pool().where(args[0], args[1], args[2]);
    }
    return kNoNode;
  }

  static std::string arguments(int n) { return n == 1 ? "1 argument" : std::to_string(n) + " arguments"; }

  Pool& pool() { return out_->pool; }

  std::string_view text_;
  std::string_view field_;
  Parsed* out_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  Status status_;
};

}  // namespace

std::vector<std::string> function_names() {
  std::vector<std::string> names;
  for (Op op : kUnaryFunctions) names.push_back(function_name(op));
  names.push_back("min");
  names.push_back("max");
  names.push_back("where");
  for (int i = 0; i < kActCount; ++i) names.push_back(activation_info(static_cast<Act>(i)).key);
  return names;
}

Status parse(std::string_view text, std::string_view field, Parsed* out) {
  Parser parser(text, field, out);
  return parser.run();
}

}  // namespace actlab::formula
