#include "phone/sh_lexer.h"

#include <cctype>
#include <optional>

namespace appvault::phone {
namespace {

// mksh: these end an unquoted word (lex.c, the "metacharacters" of sh(1)).
bool IsMeta(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' ||
         c == '>' || c == '(' || c == ')';
}

Status Unsupported(std::string_view what) {
  return Status(StatusCode::kInvalidArgument,
                "sh: " + std::string(what) + " is not supported by the phone emulator");
}

class Lexer {
 public:
  explicit Lexer(std::string_view line) : s_(line) {}

  Result<std::vector<ListItem>> Run() {
    std::vector<ListItem> items;
    ListItem current;
    bool have_joiner = false;  // an operator was read and wants a command after it
    while (true) {
      SkipBlanks();
      if (pos_ >= s_.size() || s_[pos_] == ';' || s_[pos_] == '\n' || StartsWith("&&") ||
          StartsWith("||")) {
        if (!current.command.argv.empty()) {
          items.push_back(std::move(current));
          current = ListItem{};
          have_joiner = false;
        } else if (!current.command.redirects.empty()) {
          return Status(StatusCode::kInvalidArgument, "sh: a redirection without a command");
        } else if (have_joiner || (pos_ < s_.size() && (StartsWith("&&") || StartsWith("||")))) {
          return Status(StatusCode::kInvalidArgument,
                        "sh: syntax error: a list operator without a command");
        }
        if (pos_ >= s_.size()) break;
        if (StartsWith("&&")) {
          current.joiner = Joiner::kIfSuccess;
          pos_ += 2;
          have_joiner = true;
        } else if (StartsWith("||")) {
          current.joiner = Joiner::kIfFailure;
          pos_ += 2;
          have_joiner = true;
        } else {
          if (s_[pos_] == ';' && items.empty()) {
            return Status(StatusCode::kInvalidArgument, "sh: syntax error: unexpected ';'");
          }
          ++pos_;  // `;` or newline
        }
        continue;
      }
      char c = s_[pos_];
      if (c == '#') {  // a comment runs to the end of the line
        while (pos_ < s_.size() && s_[pos_] != '\n')
          ++pos_;
        continue;
      }
      if (c == '|') return Unsupported("a pipe '|'");
      if (c == '&') return Unsupported("a background job '&'");
      if (c == '(' || c == ')') return Unsupported("a subshell '('");
      if (auto redirect = ReadRedirect(); redirect.ok()) {
        if (redirect->has_value()) {
          current.command.redirects.push_back(**redirect);
          continue;
        }
      } else {
        return redirect.status();
      }
      Result<std::string> word = ReadWord();
      if (!word.ok()) return word.status();
      current.command.argv.push_back(*word);
    }
    return items;
  }

 private:
  bool StartsWith(std::string_view p) const { return s_.substr(pos_, p.size()) == p; }

  void SkipBlanks() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t'))
      ++pos_;
    // A backslash-newline is a line continuation.
    if (StartsWith("\\\n")) {
      pos_ += 2;
      SkipBlanks();
    }
  }

  // `[N]<`, `[N]>`, `[N]>>`, `[N]>&M` followed by a word; nullopt when none starts here.
  Result<std::optional<Redirect>> ReadRedirect() {
    std::size_t p = pos_;
    int fd = -1;
    if (p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p])) && p + 1 < s_.size() &&
        (s_[p + 1] == '<' || s_[p + 1] == '>')) {
      fd = s_[p] - '0';
      ++p;
    }
    if (p >= s_.size() || (s_[p] != '<' && s_[p] != '>')) return std::optional<Redirect>();
    Redirect r;
    if (s_[p] == '<') {
      r.kind = Redirect::Kind::kInput;
      r.fd = fd < 0 ? 0 : fd;
      ++p;
    } else {
      r.fd = fd < 0 ? 1 : fd;
      ++p;
      if (p < s_.size() && s_[p] == '>') {
        r.kind = Redirect::Kind::kAppend;
        ++p;
      } else if (p < s_.size() && s_[p] == '&') {
        r.kind = Redirect::Kind::kDuplicate;
        ++p;
      }
    }
    pos_ = p;
    SkipBlanks();
    if (pos_ >= s_.size() || IsMeta(s_[pos_])) {
      return Status(StatusCode::kInvalidArgument,
                    "sh: syntax error: a redirection without a target");
    }
    Result<std::string> target = ReadWord();
    if (!target.ok()) return target.status();
    r.target = *target;
    if (r.kind == Redirect::Kind::kDuplicate && r.target != "0" && r.target != "1" &&
        r.target != "2") {
      return Unsupported("duplicating descriptor '" + r.target + "'");
    }
    return std::optional<Redirect>(r);
  }

  // One word with quote removal (mksh: single quotes keep everything; inside double quotes
  // a backslash escapes only $ ` " \ and newline; outside, a backslash escapes any byte).
  Result<std::string> ReadWord() {
    std::string word;
    while (pos_ < s_.size() && !IsMeta(s_[pos_])) {
      char c = s_[pos_];
      if (c == '\'') {
        std::size_t end = s_.find('\'', pos_ + 1);
        if (end == std::string_view::npos) {
          return Status(StatusCode::kInvalidArgument,
                        "sh: syntax error: unterminated quoted string");
        }
        word.append(s_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
      } else if (c == '"') {
        ++pos_;
        while (true) {
          if (pos_ >= s_.size()) {
            return Status(StatusCode::kInvalidArgument,
                          "sh: syntax error: unterminated quoted string");
          }
          char d = s_[pos_];
          if (d == '"') {
            ++pos_;
            break;
          }
          if (d == '$' || d == '`')
            return Unsupported(std::string("'") + d + "' inside double quotes");
          if (d == '\\' && pos_ + 1 < s_.size()) {
            char e = s_[pos_ + 1];
            if (e == '$' || e == '`' || e == '"' || e == '\\') {
              word.push_back(e);
              pos_ += 2;
              continue;
            }
            if (e == '\n') {
              pos_ += 2;
              continue;
            }
          }
          word.push_back(d);
          ++pos_;
        }
      } else if (c == '\\') {
        if (pos_ + 1 >= s_.size()) {  // a trailing backslash stays
          word.push_back('\\');
          ++pos_;
        } else if (s_[pos_ + 1] == '\n') {
          pos_ += 2;
        } else {
          word.push_back(s_[pos_ + 1]);
          pos_ += 2;
        }
      } else if (c == '$') {
        return Unsupported("parameter expansion '$'");
      } else if (c == '`') {
        return Unsupported("command substitution '`'");
      } else {
        word.push_back(c);
        ++pos_;
      }
    }
    return word;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<std::vector<ListItem>> ParseShellLine(std::string_view line) {
  return Lexer(line).Run();
}

std::string QuoteShellWord(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

}  // namespace appvault::phone
