"""Reading a source: files, standard input and URLs (fetch), bytes to text (decode), and
the main content of a page as an Article (extract)."""
