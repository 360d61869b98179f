//! Re-sort and re-filter: 100,000 jobs after a sort key change (`s`, which
//! cycles through every column) and after one filter keystroke (typing a
//! character, then deleting it: each is one rebuild of the index).

mod support;

use atlas_restores::app::App;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const JOBS: usize = 100_000;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn sort_key_change(c: &mut Criterion) {
    let mut app = App::new(support::store_with_jobs(JOBS));
    c.bench_function("resort_100k_next_column", |b| {
        b.iter(|| app.handle_key(key(KeyCode::Char('s'))));
    });
    c.bench_function("resort_100k_reverse", |b| {
        b.iter(|| app.handle_key(key(KeyCode::Char('S'))));
    });
}

fn filter_keystroke(c: &mut Criterion) {
    let mut app = App::new(support::store_with_jobs(JOBS));
    app.handle_key(key(KeyCode::Char('/')));
    app.handle_key(key(KeyCode::Char('c')));
    let mut typed = false;
    c.bench_function("refilter_100k_keystroke", |b| {
        b.iter(|| {
            let next = if typed {
                key(KeyCode::Backspace)
            } else {
                key(KeyCode::Char('9'))
            };
            typed = !typed;
            app.handle_key(next)
        });
    });
}

criterion_group!(benches, sort_key_change, filter_keystroke);
criterion_main!(benches);
