//! A small multi-line text editor on the model of tui-textarea: the text,
//! a cursor (a char index), word motions, and undo/redo where a paste or a
//! run of typing is one step. Rendering (soft wrap by display width) lives
//! in `ui`; this is pure state.

/// How many undo steps are kept.
const UNDO_DEPTH: usize = 200;

/// The editor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Editor {
    text: String,
    /// Cursor, as a char index into `text`.
    cursor: usize,
    undo: Vec<(String, usize)>,
    redo: Vec<(String, usize)>,
    /// Typing continues the last undo step until a motion or a space.
    typing: bool,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Editor {
    /// An editor holding `text`, the cursor at its end.
    pub fn with_text(text: &str) -> Editor {
        Editor {
            text: text.to_string(),
            cursor: text.chars().count(),
            ..Default::default()
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, as a char index.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len())
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn snapshot(&mut self) {
        self.undo.push((self.text.clone(), self.cursor));
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Types one character.
    pub fn insert_char(&mut self, c: char) {
        if !self.typing || c.is_whitespace() {
            self.snapshot();
        }
        self.typing = !c.is_whitespace();
        let b = self.byte(self.cursor);
        self.text.insert(b, c);
        self.cursor += 1;
    }

    /// Inserts a pasted text as one edit.
    pub fn insert_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.snapshot();
        self.typing = false;
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        let b = self.byte(self.cursor);
        self.text.insert_str(b, &s);
        self.cursor += s.chars().count();
    }

    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        self.snapshot();
        self.typing = false;
        let b = self.byte(self.cursor - 1);
        self.text.remove(b);
        self.cursor -= 1;
    }

    /// Deletes the character under the cursor.
    pub fn delete(&mut self) {
        if self.cursor >= self.len() {
            return;
        }
        self.snapshot();
        self.typing = false;
        let b = self.byte(self.cursor);
        self.text.remove(b);
    }

    /// Deletes the word before the cursor (ctrl-w).
    pub fn delete_word_back(&mut self) {
        let start = self.word_left_index();
        if start == self.cursor {
            return;
        }
        self.snapshot();
        self.typing = false;
        let (a, b) = (self.byte(start), self.byte(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
    }

    /// Moves left one character.
    pub fn left(&mut self) {
        self.typing = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves right one character.
    pub fn right(&mut self) {
        self.typing = false;
        self.cursor = (self.cursor + 1).min(self.len());
    }

    fn word_left_index(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor.min(chars.len());
        while i > 0 && !is_word(chars[i - 1]) {
            i -= 1;
        }
        while i > 0 && is_word(chars[i - 1]) {
            i -= 1;
        }
        i
    }

    /// Moves to the start of the previous word.
    pub fn word_left(&mut self) {
        self.typing = false;
        self.cursor = self.word_left_index();
    }

    /// Moves past the end of the next word.
    pub fn word_right(&mut self) {
        self.typing = false;
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i < chars.len() && !is_word(chars[i]) {
            i += 1;
        }
        while i < chars.len() && is_word(chars[i]) {
            i += 1;
        }
        self.cursor = i;
    }

    /// The word being typed right before the cursor (from the last space or
    /// line start), with its start as a char index.
    pub fn current_word(&self) -> (usize, String) {
        let chars: Vec<char> = self.text.chars().collect();
        let end = self.cursor.min(chars.len());
        let mut start = end;
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        (start, chars[start..end].iter().collect())
    }

    /// Replaces the whole text (one undo step; the cursor at the end).
    /// Nothing changes, and no undo step is made, when the text is the same.
    pub fn replace_all(&mut self, with: &str) {
        let with = with.replace("\r\n", "\n").replace('\r', "\n");
        if with == self.text {
            return;
        }
        self.snapshot();
        self.typing = false;
        self.text = with;
        self.cursor = self.len();
    }

    /// Replaces the word before the cursor with `with` (one undo step).
    pub fn replace_current_word(&mut self, with: &str) {
        let (start, _) = self.current_word();
        self.snapshot();
        self.typing = false;
        let (a, b) = (self.byte(start), self.byte(self.cursor));
        self.text.replace_range(a..b, with);
        self.cursor = start + with.chars().count();
    }

    /// The (line, column) of the cursor, in chars.
    pub fn line_col(&self) -> (usize, usize) {
        let before: String = self.text.chars().take(self.cursor).collect();
        let line = before.matches('\n').count();
        let col = before
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0);
        (line, col)
    }

    fn line_starts(&self) -> Vec<usize> {
        let mut starts = vec![0];
        for (i, c) in self.text.chars().enumerate() {
            if c == '\n' {
                starts.push(i + 1);
            }
        }
        starts
    }

    fn goto_line(&mut self, line: usize, col: usize) {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line) else {
            return;
        };
        let end = starts.get(line + 1).map(|s| s - 1).unwrap_or(self.len());
        self.cursor = (start + col).min(end);
    }

    /// Moves up a line.
    pub fn up(&mut self) {
        self.typing = false;
        let (line, col) = self.line_col();
        if line > 0 {
            self.goto_line(line - 1, col);
        } else {
            self.cursor = 0;
        }
    }

    /// Moves down a line.
    pub fn down(&mut self) {
        self.typing = false;
        let (line, col) = self.line_col();
        if line + 1 < self.line_starts().len() {
            self.goto_line(line + 1, col);
        } else {
            self.cursor = self.len();
        }
    }

    /// Start of the line.
    pub fn home(&mut self) {
        self.typing = false;
        let (line, _) = self.line_col();
        self.goto_line(line, 0);
    }

    /// End of the line.
    pub fn end(&mut self) {
        self.typing = false;
        let (line, _) = self.line_col();
        self.goto_line(line, usize::MAX / 2);
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> bool {
        self.typing = false;
        match self.undo.pop() {
            Some((t, c)) => {
                self.redo
                    .push((std::mem::replace(&mut self.text, t), self.cursor));
                self.cursor = c;
                true
            }
            None => false,
        }
    }

    /// Redoes an undone edit.
    pub fn redo(&mut self) -> bool {
        self.typing = false;
        match self.redo.pop() {
            Some((t, c)) => {
                self.undo
                    .push((std::mem::replace(&mut self.text, t), self.cursor));
                self.cursor = c;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_everything_is_one_undo_step() {
        let mut e = Editor::with_text("draft");
        e.replace_all("draft\r\nand more");
        assert_eq!((e.text(), e.cursor()), ("draft\nand more", 14));
        e.undo();
        assert_eq!(e.text(), "draft");
        e.redo();
        assert_eq!(e.text(), "draft\nand more");
    }

    #[test]
    fn typing_is_one_undo_step_per_word() {
        let mut e = Editor::default();
        for c in "héllo wörld".chars() {
            e.insert_char(c);
        }
        assert_eq!(e.text(), "héllo wörld");
        e.undo();
        assert_eq!(e.text(), "héllo ");
        e.undo();
        assert_eq!(e.text(), "héllo");
        e.redo();
        assert_eq!(e.text(), "héllo ");
    }

    #[test]
    fn paste_is_one_edit_and_motions_work() {
        let mut e = Editor::with_text("ab");
        e.left();
        e.insert_str("X\r\nY 日本");
        assert_eq!(e.text(), "aX\nY 日本b");
        e.undo();
        assert_eq!(e.text(), "ab");
        let mut e = Editor::with_text("one two\nthree");
        e.up();
        assert_eq!(e.line_col(), (0, 5));
        e.word_left();
        assert_eq!(e.cursor(), 4);
        e.delete_word_back();
        assert_eq!(e.text(), "two\nthree");
        e.end();
        e.down();
        assert_eq!(e.line_col(), (1, 3));
        e.home();
        e.backspace();
        assert_eq!(e.text(), "twothree");
    }
}
