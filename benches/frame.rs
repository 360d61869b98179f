//! Frame: one full dashboard frame (table + detail) into a 200×50
//! `TestBackend`, with 1,000, 20,000 and 100,000 jobs in the store. Only the
//! visible rows are built, so the time must not grow with the job count.
//! Once more with 1,000 jobs and the detail pane's URLs as OSC 8
//! hyperlinks, as the dashboard draws them. And the timeline (`t`, 24 h)
//! instead of the table, which lays out every job of every cluster.

mod support;

use atlas_restores::app::App;
use atlas_restores::ui;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_200x50");
    for jobs in [1_000, 20_000, 100_000] {
        let mut app = App::new(support::store_with_jobs(jobs));
        app.set_page_size(ui::table_page_size(Rect::new(0, 0, 200, 50), &app));
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a test terminal");
        let now = support::now();
        group.bench_with_input(BenchmarkId::from_parameter(jobs), &jobs, |b, _| {
            b.iter(|| {
                terminal
                    .draw(|frame| {
                        ui::draw(frame, &app, now);
                    })
                    .expect("a frame");
            });
        });
    }
    let mut app = App::new(support::store_with_jobs(1_000));
    let page = ui::table_page_size(Rect::new(0, 0, 200, 50), &app);
    app.set_page_size(page);
    app.set_hyperlinks(true);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a test terminal");
    let now = support::now();
    group.bench_function("1000_hyperlinks", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    ui::draw(frame, &app, now);
                })
                .expect("a frame");
        });
    });
    group.finish();
    let mut group = c.benchmark_group("timeline_200x50");
    for jobs in [1_000, 20_000, 100_000] {
        let mut app = App::new(support::store_with_jobs(jobs));
        let t = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('t'));
        app.handle_key(t);
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("a test terminal");
        let now = support::now();
        group.bench_with_input(BenchmarkId::from_parameter(jobs), &jobs, |b, _| {
            b.iter(|| {
                terminal
                    .draw(|frame| {
                        ui::draw(frame, &app, now);
                    })
                    .expect("a frame");
            });
        });
    }
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
