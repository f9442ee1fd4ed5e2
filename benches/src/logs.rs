//! Workload 3: string-heavy access logs, shaped like rust_serialization_benchmark's `log`
//! (an IPv4 address, four strings, a status code and a size per record), generated from a fixed
//! seed so every run and every library sees the same 10 000 records.

/// Plain Rust, with serde and rkyv derives.
pub mod plain {
    use serde::{Deserialize, Serialize};

    /// An IPv4 address.
    #[derive(
        Debug,
        Clone,
        PartialEq,
        Serialize,
        Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
    )]
    pub struct Address {
        pub x0: u8,
        pub x1: u8,
        pub x2: u8,
        pub x3: u8,
    }

    /// One access-log line.
    #[derive(
        Debug,
        Clone,
        PartialEq,
        Serialize,
        Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
    )]
    pub struct Log {
        pub address: Address,
        pub identity: String,
        pub userid: String,
        pub date: String,
        pub request: String,
        pub code: u16,
        pub size: u64,
    }

    /// The records.
    #[derive(
        Debug,
        Clone,
        PartialEq,
        Serialize,
        Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
    )]
    pub struct Logs {
        pub logs: Vec<Log>,
    }
}

/// For this crate's `fory`.
pub mod ours {
    use fory::{ForyDeserialize, ForySerialize};

    /// An IPv4 address.
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 20)]
    pub struct Address {
        pub x0: u8,
        pub x1: u8,
        pub x2: u8,
        pub x3: u8,
    }

    /// One access-log line.
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 21)]
    pub struct Log {
        pub address: Address,
        pub identity: String,
        pub userid: String,
        pub date: String,
        pub request: String,
        pub code: u16,
        pub size: u64,
    }

    /// The records.
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 22)]
    pub struct Logs {
        pub logs: Vec<Log>,
    }

    /// A `Fory` with the log types registered.
    pub fn fory(compatible: bool) -> fory::Fory {
        let mut f = fory::Fory::builder().compatible(compatible).build();
        f.register::<Address>().unwrap();
        f.register::<Log>().unwrap();
        f.register::<Logs>().unwrap();
        f
    }
}

/// For Apache Fory Rust 1.7.7.
pub mod apache {
    use apache_fory::ForyStruct;

    /// An IPv4 address.
    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct Address {
        pub x0: u8,
        pub x1: u8,
        pub x2: u8,
        pub x3: u8,
    }

    /// One access-log line.
    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct Log {
        pub address: Address,
        pub identity: String,
        pub userid: String,
        pub date: String,
        pub request: String,
        pub code: u16,
        pub size: u64,
    }

    /// The records.
    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct Logs {
        pub logs: Vec<Log>,
    }

    /// An xlang `Fory` with the log types registered.
    pub fn fory(compatible: bool) -> apache_fory::Fory {
        let mut f = apache_fory::Fory::builder()
            .xlang(true)
            .compatible(compatible)
            .build();
        f.register::<Address>(20).unwrap();
        f.register::<Log>(21).unwrap();
        f.register::<Logs>(22).unwrap();
        f
    }
}

/// A small deterministic generator (xorshift64*), so the data need no `rand`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn word(&mut self, min: u64, max: u64) -> String {
        const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let len = min + self.below(max - min + 1);
        (0..len)
            .map(|_| ALPHA[self.below(ALPHA.len() as u64) as usize] as char)
            .collect()
    }
}

/// `n` records from a fixed seed.
pub fn generate(n: usize) -> plain::Logs {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];
    const CODES: [u16; 6] = [200, 200, 200, 304, 404, 500];
    let mut r = Rng(0x5EED_1234_ABCD_0001);
    let logs = (0..n)
        .map(|_| {
            let address = plain::Address {
                x0: r.below(256) as u8,
                x1: r.below(256) as u8,
                x2: r.below(256) as u8,
                x3: r.below(256) as u8,
            };
            let identity = if r.below(4) == 0 {
                r.word(3, 10)
            } else {
                "-".to_string()
            };
            let userid = r.word(3, 10);
            let date = format!(
                "{:02}/{}/{}:{:02}:{:02}:{:02} -0700",
                1 + r.below(28),
                MONTHS[r.below(12) as usize],
                1995 + r.below(30),
                r.below(24),
                r.below(60),
                r.below(60)
            );
            let mut path = String::new();
            for _ in 0..1 + r.below(4) {
                path.push('/');
                path.push_str(&r.word(2, 12));
            }
            let request = format!(
                "{} {}.html HTTP/1.{}",
                METHODS[r.below(4) as usize],
                path,
                r.below(2)
            );
            plain::Log {
                address,
                identity,
                userid,
                date,
                request,
                code: CODES[r.below(6) as usize],
                size: r.below(100_000_000),
            }
        })
        .collect();
    plain::Logs { logs }
}

macro_rules! log_conversions {
    ($m:ident) => {
        impl From<&plain::Logs> for $m::Logs {
            fn from(v: &plain::Logs) -> Self {
                $m::Logs {
                    logs: v
                        .logs
                        .iter()
                        .map(|l| $m::Log {
                            address: $m::Address {
                                x0: l.address.x0,
                                x1: l.address.x1,
                                x2: l.address.x2,
                                x3: l.address.x3,
                            },
                            identity: l.identity.clone(),
                            userid: l.userid.clone(),
                            date: l.date.clone(),
                            request: l.request.clone(),
                            code: l.code,
                            size: l.size,
                        })
                        .collect(),
                }
            }
        }
    };
}
log_conversions!(ours);
log_conversions!(apache);
