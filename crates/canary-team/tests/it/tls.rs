//! HTTPS between the client and the server, with a self-signed certificate made at test time:
//! trusted through a CA file, refused without it, and robust to clients that fail the handshake.

use std::io::{Read, Write};

use canary_team::Config;
use canary_team::client::{Client, ClientError};
use common::start_tls;

use crate::common;

/// Run blocking client code off the test's runtime.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn https_works_with_the_ca_file_and_is_refused_without_it() {
    let s = start_tls(Config::default()).await;
    let (url, ca, admin) = (s.https_url(), s.ca(), s.admin.clone());
    let r = blocking(move || {
        Client::new(&url, Some(&ca))
            .unwrap()
            .request("GET", "/v1/admin/audit", Some(&admin), None)
            .unwrap()
    })
    .await;
    assert_eq!(r.status, 200, "{:?}", r.json());
    // The same address by IP: the certificate names 127.0.0.1 too.
    let (url, ca, admin) = (
        format!("https://127.0.0.1:{}", s.addr.port()),
        s.ca(),
        s.admin.clone(),
    );
    let r = blocking(move || {
        Client::new(&url, Some(&ca))
            .unwrap()
            .request("GET", "/v1/admin/audit", Some(&admin), None)
            .unwrap()
    })
    .await;
    assert_eq!(r.status, 200);

    let (url, admin) = (s.https_url(), s.admin.clone());
    let e = blocking(move || {
        Client::new(&url, None)
            .unwrap()
            .request("GET", "/v1/admin/audit", Some(&admin), None)
            .unwrap_err()
    })
    .await;
    assert!(matches!(e, ClientError::Certificate(_)), "{e}");
    assert!(e.to_string().contains("--ca-cert"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_http_and_silent_clients_do_not_stop_the_server() {
    let s = start_tls(Config::default()).await;
    let addr = s.addr;
    // A plain-HTTP request to the TLS port: the handshake fails, that connection closes.
    blocking(move || {
        let mut tcp = std::net::TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let _ = tcp.write_all(b"GET /v1/groups HTTP/1.1\r\nHost: x\r\n\r\n");
        let mut buf = Vec::new();
        let _ = tcp.read_to_end(&mut buf);
        assert!(!buf.starts_with(b"HTTP/"), "no plain-HTTP answer");
    })
    .await;
    // A client that connects and says nothing holds up no one else.
    let _silent = std::net::TcpStream::connect(addr).unwrap();
    let (url, ca, admin) = (s.https_url(), s.ca(), s.admin.clone());
    let r = blocking(move || {
        Client::new(&url, Some(&ca))
            .unwrap()
            .request("GET", "/v1/admin/audit", Some(&admin), None)
            .unwrap()
    })
    .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn a_key_that_does_not_match_or_a_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let b = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, a.cert.pem()).unwrap();
    std::fs::write(&key, b.signing_key.serialize_pem()).unwrap();
    let e = canary_team::tls::server_config(&cert, &key).unwrap_err();
    assert!(e.to_string().contains("do not work together"), "{e}");
    let e = canary_team::tls::server_config(&dir.path().join("none.pem"), &key).unwrap_err();
    assert!(e.to_string().contains("none.pem"), "{e}");
    let e = canary_team::tls::server_config(&key, &key).unwrap_err();
    assert!(e.to_string().contains("no PEM certificate"), "{e}");
}
