//! Workload 1: Apache Fory's own Rust benchmark data (apache/fory
//! `benchmarks/rust/xlang/src/data.rs`): the same structs, tag ids, registration ids and values.
//!
//! Each struct exists three times, because each library's derive wants its own attributes:
//! [`plain`] (serde for bincode, rkyv), [`ours`] (this crate's `fory`), [`apache`] (Apache Fory
//! Rust 1.7.7). The values are built once, in [`plain`], and converted, so every library
//! serializes the same data.

/// `From<&plain::T>`, one struct: cloned fields, then converted ones.
macro_rules! conv {
    ($p:ident, $name:ident { $($f:ident),* } $(, $g:ident)*) => {
        impl From<&$p::$name> for $name {
            fn from(v: &$p::$name) -> Self {
                $name { $($f: v.$f.clone(),)* $($g: (&v.$g).into(),)* }
            }
        }
    };
}

/// `From<&plain::T>` for the library's `T`, field by field.
macro_rules! conversions {
    ($p:ident => $m:ident) => {
        conv!(
            $p,
            NumericStruct {
                f1,
                f2,
                f3,
                f4,
                f5,
                f6,
                f7,
                f8,
                f9,
                f10,
                f11,
                f12
            }
        );
        conv!(
            $p,
            Sample {
                int_value,
                long_value,
                float_value,
                double_value,
                short_value,
                char_value,
                boolean_value,
                int_value_boxed,
                long_value_boxed,
                float_value_boxed,
                double_value_boxed,
                short_value_boxed,
                char_value_boxed,
                boolean_value_boxed,
                int_array,
                long_array,
                float_array,
                double_array,
                short_array,
                char_array,
                boolean_array,
                string
            }
        );
        conv!(
            $p,
            Media {
                uri,
                title,
                width,
                height,
                format,
                duration,
                size,
                bitrate,
                has_bitrate,
                persons,
                copyright
            },
            player
        );
        conv!(
            $p,
            Image {
                uri,
                title,
                width,
                height
            },
            size
        );
        impl From<&$p::Player> for Player {
            fn from(v: &$p::Player) -> Self {
                match v {
                    $p::Player::Java => Player::Java,
                    $p::Player::Flash => Player::Flash,
                }
            }
        }
        impl From<&$p::Size> for Size {
            fn from(v: &$p::Size) -> Self {
                match v {
                    $p::Size::Small => Size::Small,
                    $p::Size::Large => Size::Large,
                }
            }
        }
        impl From<&$p::MediaContent> for MediaContent {
            fn from(v: &$p::MediaContent) -> Self {
                MediaContent {
                    media: (&v.media).into(),
                    images: v.images.iter().map(Into::into).collect(),
                }
            }
        }
        impl From<&$p::NumericStructList> for NumericStructList {
            fn from(v: &$p::NumericStructList) -> Self {
                NumericStructList {
                    struct_list: v.struct_list.iter().map(Into::into).collect(),
                }
            }
        }
        impl From<&$p::SampleList> for SampleList {
            fn from(v: &$p::SampleList) -> Self {
                SampleList {
                    sample_list: v.sample_list.iter().map(Into::into).collect(),
                }
            }
        }
        impl From<&$p::MediaContentList> for MediaContentList {
            fn from(v: &$p::MediaContentList) -> Self {
                MediaContentList {
                    media_content_list: v.media_content_list.iter().map(Into::into).collect(),
                }
            }
        }
    };
}

/// How many elements the list workloads hold (Apache Fory's `LIST_SIZE`).
pub const LIST_SIZE: usize = 5;

/// The values as plain Rust, with serde and rkyv derives.
pub mod plain {
    use serde::{Deserialize, Serialize};

    macro_rules! plain_struct {
        ($name:ident { $($f:ident : $t:ty),* $(,)? }) => {
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize,
                     rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
            pub struct $name { $(pub $f: $t),* }
        };
    }

    plain_struct!(NumericStruct {
        f1: i32,
        f2: i32,
        f3: i32,
        f4: i32,
        f5: i32,
        f6: i32,
        f7: i32,
        f8: i32,
        f9: i32,
        f10: i32,
        f11: i32,
        f12: i32,
    });

    plain_struct!(Sample {
        int_value: i32,
        long_value: i64,
        float_value: f32,
        double_value: f64,
        short_value: i32,
        char_value: i32,
        boolean_value: bool,
        int_value_boxed: i32,
        long_value_boxed: i64,
        float_value_boxed: f32,
        double_value_boxed: f64,
        short_value_boxed: i32,
        char_value_boxed: i32,
        boolean_value_boxed: bool,
        int_array: Vec<i32>,
        long_array: Vec<i64>,
        float_array: Vec<f32>,
        double_array: Vec<f64>,
        short_array: Vec<i32>,
        char_array: Vec<i32>,
        boolean_array: Vec<bool>,
        string: String,
    });

    /// Media player.
    #[derive(
        Debug,
        Clone,
        Copy,
        PartialEq,
        Eq,
        Serialize,
        Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
    )]
    pub enum Player {
        /// 0
        Java,
        /// 1
        Flash,
    }

    /// Image size.
    #[derive(
        Debug,
        Clone,
        Copy,
        PartialEq,
        Eq,
        Serialize,
        Deserialize,
        rkyv::Archive,
        rkyv::Serialize,
        rkyv::Deserialize,
    )]
    pub enum Size {
        /// 0
        Small,
        /// 1
        Large,
    }

    plain_struct!(Media {
        uri: String,
        title: String,
        width: i32,
        height: i32,
        format: String,
        duration: i64,
        size: i64,
        bitrate: i32,
        has_bitrate: bool,
        persons: Vec<String>,
        player: Player,
        copyright: String,
    });

    plain_struct!(Image {
        uri: String,
        title: String,
        width: i32,
        height: i32,
        size: Size
    });
    plain_struct!(MediaContent { media: Media, images: Vec<Image> });
    plain_struct!(NumericStructList { struct_list: Vec<NumericStruct> });
    plain_struct!(SampleList { sample_list: Vec<Sample> });
    plain_struct!(MediaContentList { media_content_list: Vec<MediaContent> });

    /// Apache Fory's `create_numeric_struct`.
    pub fn numeric_struct() -> NumericStruct {
        NumericStruct {
            f1: -12_345,
            f2: 987_654_321,
            f3: -31_415,
            f4: 27_182_818,
            f5: -32_000,
            f6: 1_000_000,
            f7: -999_999_999,
            f8: 42,
            f9: 123_456_789,
            f10: -42,
            f11: 31_415_926,
            f12: -27_182_818,
        }
    }

    /// Apache Fory's `create_sample`.
    pub fn sample() -> Sample {
        Sample {
            int_value: 123,
            long_value: 1_230_000,
            float_value: 12.345,
            double_value: 1.234_567,
            short_value: 12_345,
            char_value: '!' as i32,
            boolean_value: true,
            int_value_boxed: 321,
            long_value_boxed: 3_210_000,
            float_value_boxed: 54.321,
            double_value_boxed: 7.654_321,
            short_value_boxed: 32_100,
            char_value_boxed: '$' as i32,
            boolean_value_boxed: false,
            int_array: vec![-1234, -123, -12, -1, 0, 1, 12, 123, 1234],
            long_array: vec![
                -123_400, -12_300, -1200, -100, 0, 100, 1200, 12_300, 123_400,
            ],
            float_array: vec![-12.34, -12.3, -12.0, -1.0, 0.0, 1.0, 12.0, 12.3, 12.34],
            double_array: vec![-1.234, -1.23, -12.0, -1.0, 0.0, 1.0, 12.0, 1.23, 1.234],
            short_array: vec![-1234, -123, -12, -1, 0, 1, 12, 123, 1234],
            char_array: "asdfASDF".chars().map(|c| c as i32).collect(),
            boolean_array: vec![true, false, false, true],
            string: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".to_string(),
        }
    }

    /// Apache Fory's `create_media_content`.
    pub fn media_content() -> MediaContent {
        let image = |uri: &str, title: &str, width, height, size| Image {
            uri: uri.to_string(),
            title: title.to_string(),
            width,
            height,
            size,
        };
        MediaContent {
            media: Media {
                uri: "http://javaone.com/keynote.ogg".to_string(),
                title: String::new(),
                width: 641,
                height: 481,
                format: "video/theora\u{1234}".to_string(),
                duration: 18_000_001,
                size: 58_982_401,
                bitrate: 0,
                has_bitrate: false,
                persons: vec!["Bill Gates, Jr.".to_string(), "Steven Jobs".to_string()],
                player: Player::Flash,
                copyright: "Copyright (c) 2009, Scooby Dooby Doo".to_string(),
            },
            images: vec![
                image(
                    "http://javaone.com/keynote_huge.jpg",
                    "Javaone Keynote\u{1234}",
                    32_000,
                    24_000,
                    Size::Large,
                ),
                image(
                    "http://javaone.com/keynote_large.jpg",
                    "",
                    1024,
                    768,
                    Size::Large,
                ),
                image(
                    "http://javaone.com/keynote_small.jpg",
                    "",
                    320,
                    240,
                    Size::Small,
                ),
            ],
        }
    }

    /// Five numeric structs.
    pub fn numeric_struct_list() -> NumericStructList {
        NumericStructList {
            struct_list: (0..super::LIST_SIZE).map(|_| numeric_struct()).collect(),
        }
    }

    /// Five samples.
    pub fn sample_list() -> SampleList {
        SampleList {
            sample_list: (0..super::LIST_SIZE).map(|_| sample()).collect(),
        }
    }

    /// Five media contents.
    pub fn media_content_list() -> MediaContentList {
        MediaContentList {
            media_content_list: (0..super::LIST_SIZE).map(|_| media_content()).collect(),
        }
    }
}

/// The same structs for this crate's `fory`: tag ids 1..N as in Apache Fory's data, registered
/// by the same numeric ids.
pub mod ours {
    use fory::{ForyDeserialize, ForySerialize};

    use super::plain as p;

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 1)]
    pub struct NumericStruct {
        #[fory(id = 1)]
        pub f1: i32,
        #[fory(id = 2)]
        pub f2: i32,
        #[fory(id = 3)]
        pub f3: i32,
        #[fory(id = 4)]
        pub f4: i32,
        #[fory(id = 5)]
        pub f5: i32,
        #[fory(id = 6)]
        pub f6: i32,
        #[fory(id = 7)]
        pub f7: i32,
        #[fory(id = 8)]
        pub f8: i32,
        #[fory(id = 9)]
        pub f9: i32,
        #[fory(id = 10)]
        pub f10: i32,
        #[fory(id = 11)]
        pub f11: i32,
        #[fory(id = 12)]
        pub f12: i32,
    }

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 2)]
    pub struct Sample {
        #[fory(id = 1)]
        pub int_value: i32,
        #[fory(id = 2)]
        pub long_value: i64,
        #[fory(id = 3)]
        pub float_value: f32,
        #[fory(id = 4)]
        pub double_value: f64,
        #[fory(id = 5)]
        pub short_value: i32,
        #[fory(id = 6)]
        pub char_value: i32,
        #[fory(id = 7)]
        pub boolean_value: bool,
        #[fory(id = 8)]
        pub int_value_boxed: i32,
        #[fory(id = 9)]
        pub long_value_boxed: i64,
        #[fory(id = 10)]
        pub float_value_boxed: f32,
        #[fory(id = 11)]
        pub double_value_boxed: f64,
        #[fory(id = 12)]
        pub short_value_boxed: i32,
        #[fory(id = 13)]
        pub char_value_boxed: i32,
        #[fory(id = 14)]
        pub boolean_value_boxed: bool,
        #[fory(id = 15)]
        pub int_array: Vec<i32>,
        #[fory(id = 16)]
        pub long_array: Vec<i64>,
        #[fory(id = 17)]
        pub float_array: Vec<f32>,
        #[fory(id = 18)]
        pub double_array: Vec<f64>,
        #[fory(id = 19)]
        pub short_array: Vec<i32>,
        #[fory(id = 20)]
        pub char_array: Vec<i32>,
        #[fory(id = 21)]
        pub boolean_array: Vec<bool>,
        #[fory(id = 22)]
        pub string: String,
    }

    /// Media player.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 6)]
    pub enum Player {
        /// 0
        #[default]
        Java,
        /// 1
        Flash,
    }

    /// Image size.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 7)]
    pub enum Size {
        /// 0
        #[default]
        Small,
        /// 1
        Large,
    }

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 3)]
    pub struct Media {
        #[fory(id = 1)]
        pub uri: String,
        #[fory(id = 2)]
        pub title: String,
        #[fory(id = 3)]
        pub width: i32,
        #[fory(id = 4)]
        pub height: i32,
        #[fory(id = 5)]
        pub format: String,
        #[fory(id = 6)]
        pub duration: i64,
        #[fory(id = 7)]
        pub size: i64,
        #[fory(id = 8)]
        pub bitrate: i32,
        #[fory(id = 9)]
        pub has_bitrate: bool,
        #[fory(id = 10)]
        pub persons: Vec<String>,
        #[fory(id = 11)]
        pub player: Player,
        #[fory(id = 12)]
        pub copyright: String,
    }

    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 4)]
    pub struct Image {
        #[fory(id = 1)]
        pub uri: String,
        #[fory(id = 2)]
        pub title: String,
        #[fory(id = 3)]
        pub width: i32,
        #[fory(id = 4)]
        pub height: i32,
        #[fory(id = 5)]
        pub size: Size,
    }
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 5)]
    pub struct MediaContent {
        #[fory(id = 1)]
        pub media: Media,
        #[fory(id = 2)]
        pub images: Vec<Image>,
    }
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 8)]
    pub struct NumericStructList {
        #[fory(id = 1)]
        pub struct_list: Vec<NumericStruct>,
    }
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 9)]
    pub struct SampleList {
        #[fory(id = 1)]
        pub sample_list: Vec<Sample>,
    }
    #[derive(Debug, Clone, PartialEq, Default, ForySerialize, ForyDeserialize)]
    #[fory(id = 10)]
    pub struct MediaContentList {
        #[fory(id = 1)]
        pub media_content_list: Vec<MediaContent>,
    }

    /// A `Fory` with every workload-1 type registered.
    pub fn fory(compatible: bool) -> fory::Fory {
        let mut f = fory::Fory::builder().compatible(compatible).build();
        f.register::<NumericStruct>().unwrap();
        f.register::<Sample>().unwrap();
        f.register::<Media>().unwrap();
        f.register::<Image>().unwrap();
        f.register::<MediaContent>().unwrap();
        f.register::<Player>().unwrap();
        f.register::<Size>().unwrap();
        f.register::<NumericStructList>().unwrap();
        f.register::<SampleList>().unwrap();
        f.register::<MediaContentList>().unwrap();
        f
    }

    conversions!(p => self);
}

/// The same structs for Apache Fory Rust 1.7.7 (`ForyStruct`, tag ids, `array` fields), exactly
/// as declared in its benchmark.
pub mod apache {
    use apache_fory::{ForyEnum, ForyStruct};

    use super::plain as p;

    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct NumericStruct {
        #[fory(id = 1)]
        pub f1: i32,
        #[fory(id = 2)]
        pub f2: i32,
        #[fory(id = 3)]
        pub f3: i32,
        #[fory(id = 4)]
        pub f4: i32,
        #[fory(id = 5)]
        pub f5: i32,
        #[fory(id = 6)]
        pub f6: i32,
        #[fory(id = 7)]
        pub f7: i32,
        #[fory(id = 8)]
        pub f8: i32,
        #[fory(id = 9)]
        pub f9: i32,
        #[fory(id = 10)]
        pub f10: i32,
        #[fory(id = 11)]
        pub f11: i32,
        #[fory(id = 12)]
        pub f12: i32,
    }

    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct Sample {
        #[fory(id = 1)]
        pub int_value: i32,
        #[fory(id = 2)]
        pub long_value: i64,
        #[fory(id = 3)]
        pub float_value: f32,
        #[fory(id = 4)]
        pub double_value: f64,
        #[fory(id = 5)]
        pub short_value: i32,
        #[fory(id = 6)]
        pub char_value: i32,
        #[fory(id = 7)]
        pub boolean_value: bool,
        #[fory(id = 8)]
        pub int_value_boxed: i32,
        #[fory(id = 9)]
        pub long_value_boxed: i64,
        #[fory(id = 10)]
        pub float_value_boxed: f32,
        #[fory(id = 11)]
        pub double_value_boxed: f64,
        #[fory(id = 12)]
        pub short_value_boxed: i32,
        #[fory(id = 13)]
        pub char_value_boxed: i32,
        #[fory(id = 14)]
        pub boolean_value_boxed: bool,
        #[fory(id = 15, array)]
        pub int_array: Vec<i32>,
        #[fory(id = 16, array)]
        pub long_array: Vec<i64>,
        #[fory(id = 17, array)]
        pub float_array: Vec<f32>,
        #[fory(id = 18, array)]
        pub double_array: Vec<f64>,
        #[fory(id = 19, array)]
        pub short_array: Vec<i32>,
        #[fory(id = 20, array)]
        pub char_array: Vec<i32>,
        #[fory(id = 21, array)]
        pub boolean_array: Vec<bool>,
        #[fory(id = 22)]
        pub string: String,
    }

    /// Media player.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ForyEnum)]
    #[repr(i32)]
    pub enum Player {
        /// 0
        #[default]
        Java = 0,
        /// 1
        Flash = 1,
    }

    /// Image size.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ForyEnum)]
    #[repr(i32)]
    pub enum Size {
        /// 0
        #[default]
        Small = 0,
        /// 1
        Large = 1,
    }

    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct Media {
        #[fory(id = 1)]
        pub uri: String,
        #[fory(id = 2)]
        pub title: String,
        #[fory(id = 3)]
        pub width: i32,
        #[fory(id = 4)]
        pub height: i32,
        #[fory(id = 5)]
        pub format: String,
        #[fory(id = 6)]
        pub duration: i64,
        #[fory(id = 7)]
        pub size: i64,
        #[fory(id = 8)]
        pub bitrate: i32,
        #[fory(id = 9)]
        pub has_bitrate: bool,
        #[fory(id = 10)]
        pub persons: Vec<String>,
        #[fory(id = 11)]
        pub player: Player,
        #[fory(id = 12)]
        pub copyright: String,
    }

    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct Image {
        #[fory(id = 1)]
        pub uri: String,
        #[fory(id = 2)]
        pub title: String,
        #[fory(id = 3)]
        pub width: i32,
        #[fory(id = 4)]
        pub height: i32,
        #[fory(id = 5)]
        pub size: Size,
    }
    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct MediaContent {
        #[fory(id = 1)]
        pub media: Media,
        #[fory(id = 2)]
        pub images: Vec<Image>,
    }
    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct NumericStructList {
        #[fory(id = 1)]
        pub struct_list: Vec<NumericStruct>,
    }
    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct SampleList {
        #[fory(id = 1)]
        pub sample_list: Vec<Sample>,
    }
    #[derive(Debug, Clone, PartialEq, ForyStruct)]
    pub struct MediaContentList {
        #[fory(id = 1)]
        pub media_content_list: Vec<MediaContent>,
    }

    /// An xlang `Fory` with every workload-1 type registered by Apache Fory's ids.
    pub fn fory(compatible: bool) -> apache_fory::Fory {
        let mut f = apache_fory::Fory::builder()
            .xlang(true)
            .compatible(compatible)
            .build();
        f.register::<NumericStruct>(1).unwrap();
        f.register::<Sample>(2).unwrap();
        f.register::<Media>(3).unwrap();
        f.register::<Image>(4).unwrap();
        f.register::<MediaContent>(5).unwrap();
        f.register::<Player>(6).unwrap();
        f.register::<Size>(7).unwrap();
        f.register::<NumericStructList>(8).unwrap();
        f.register::<SampleList>(9).unwrap();
        f.register::<MediaContentList>(10).unwrap();
        f
    }

    conversions!(p => self);
}
