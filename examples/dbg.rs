fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc =
        collate::ingest::read(std::path::Path::new(&a[1]), None, &Default::default()).unwrap();
    let cfg = collate::Config::default();
    let an = collate::fragment::analyse(&doc, &cfg.fragment);
    let sc = collate::score::Scorer::new(&an, &cfg.score);
    let m = sc.matrix();
    let ids: Vec<usize> = a[2].split(',').map(|x| x.parse().unwrap()).collect();
    println!(
        "first {:?}",
        ids.iter().map(|&i| m.first[i]).collect::<Vec<_>>()
    );
    println!(
        "last {:?}",
        ids.iter().map(|&i| m.last[i]).collect::<Vec<_>>()
    );
    for &x in &ids {
        let row: Vec<String> = ids
            .iter()
            .map(|&y| {
                if x == y {
                    "  -  ".into()
                } else {
                    format!("{:5.1}", m.get(x, y))
                }
            })
            .collect();
        println!("{x:3}: {}", row.join(" "));
    }
    let sol = collate::solve::local::LocalSearch::new(0);
    use collate::solve::Solver;
    let s = sol.solve(&m);
    println!("local {:.2} {:?}", s.total, s.order);
}
