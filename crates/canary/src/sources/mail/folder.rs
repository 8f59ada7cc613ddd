//! Which folders hold sent mail, by name.
//!
//! A mail is the person's own when its `From:` is one of their addresses, but people send
//! from addresses they forget to declare; the folder a client files it in is the other clue.
//! Names are compared after lower-casing and dropping everything but letters and digits, so
//! `Sent Items`, `sent_items`, `_sent_mail` (the Enron corpus), `.Sent` (Maildir++) and
//! `INBOX.Sent` all match. Gmail's Takeout puts every mail in one file and names its labels in
//! `X-Gmail-Labels:`; the label names are localised, so the common translations are listed.
//!
//! Not a guess from content: a folder not named like this is not a sent folder.

/// Normalised names of sent folders and labels (letters and digits only, lower case).
const SENT_NAMES: &[&str] = &[
    "sent",
    "sentitems",
    "sentmail",
    "sentmessages",
    "sentbox",
    "sentobjects",
    // German, French, Spanish/Portuguese, Italian, Dutch, Nordic, Polish, Czech, Russian,
    // Japanese, Chinese.
    "gesendet",
    "gesendeteobjekte",
    "gesendeteelemente",
    "envoyés",
    "élémentsenvoyés",
    "messagesenvoyés",
    "enviados",
    "enviadas",
    "elementosenviados",
    "itensenviados",
    "inviati",
    "postainviata",
    "elementiinviati",
    "verzonden",
    "verzondenitems",
    "skickat",
    "skickade",
    "sendt",
    "sendte",
    "lähetetyt",
    "wysłane",
    "elementywysłane",
    "odeslané",
    "отправленные",
    "送信済み",
    "送信済みメール",
    "已发送",
    "已发邮件",
];

/// Whether one folder name (`Sent Items`, `_sent_mail`) names a sent folder.
pub fn is_sent_name(name: &str) -> bool {
    let norm: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    SENT_NAMES.contains(&norm.as_str())
}

/// Whether a folder path names a sent folder: any of its `/`- or `.`-separated parts
/// (`INBOX.Sent`, `[Gmail]/Sent Mail`, `allen-p/sent_items`, `enron.neal-s._sent_mail`).
pub fn is_sent_path(path: &str) -> bool {
    path.split(['/', '\\', '.']).any(is_sent_name)
}

/// Whether an `X-Gmail-Labels:` value holds a sent label.
pub fn has_sent_label(value: &[u8]) -> bool {
    String::from_utf8_lossy(value)
        .split(',')
        .any(|label| is_sent_path(label.trim().trim_matches('"')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_folders() {
        for (name, sent) in [
            ("Sent", true),
            ("sent", true),
            ("Sent Items", true),
            ("sent_items", true),
            ("_sent_mail", true),
            (".Sent", true),
            ("INBOX.Sent", true),
            ("[Gmail]/Sent Mail", true),
            ("Sent Messages", true),
            ("Gesendete Elemente", true),
            ("Éléments envoyés", true),
            ("enron.neal-s._sent_mail", true),
            ("allen-p/sent_items", true),
            ("Inbox", false),
            ("inbox.sent-by-boss", false),
            ("unsent", false),
            ("Drafts", false),
            ("", false),
        ] {
            assert_eq!(is_sent_path(name), sent, "{name}");
        }
    }

    #[test]
    fn gmail_labels() {
        assert!(has_sent_label(b" Opened,Sent,Category Updates\r\n"));
        assert!(has_sent_label(b"Gesendet"));
        assert!(!has_sent_label(b"Inbox,Important,Opened"));
        assert!(!has_sent_label(b""));
    }
}
