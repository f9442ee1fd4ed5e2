//! The derives' output names nothing through the caller's scope: a module that shadows the
//! prelude (and the primitive types the impls mention) still derives, and the values still
//! round-trip.

#![allow(non_camel_case_types, dead_code, clippy::disallowed_names)]

mod shadowed {
    // Every name the generated code could have picked up from the scope, made useless.
    pub struct Result;
    pub struct Ok;
    pub struct Err;
    pub struct Option;
    pub struct Some;
    pub struct None;
    pub struct Vec;
    pub struct String;
    pub struct Box;
    pub struct Default;
    pub struct From;
    pub struct Into;
    pub struct u32;
    pub struct usize;
    pub struct fory;
    pub struct TypeId;
    pub struct Key;
    pub struct ctx;
    pub struct plan;
    pub struct p;
    pub trait Serialize {}
    pub trait Deserialize {}
    #[allow(unused_macros)]
    macro_rules! vec {
        ($($t:tt)*) => {
            compile_error!("the derive must not use the caller's vec!")
        };
    }
    #[allow(unused_imports)]
    pub(crate) use vec;

    #[derive(::fory::ForySerialize, ::fory::ForyDeserialize, Debug, PartialEq)]
    #[fory(name = "hygiene.Record")]
    pub struct Record<'a, T> {
        pub id: i64,
        pub text: ::std::string::String,
        pub maybe: ::core::option::Option<i32>,
        pub items: ::std::vec::Vec<T>,
        pub borrowed: &'a str,
        #[fory(skip, default = "seven")]
        pub skipped: i64,
        pub kind: Kind,
    }

    pub fn seven() -> i64 {
        7
    }

    #[derive(
        ::fory::ForySerialize, ::fory::ForyDeserialize, Debug, PartialEq, Clone, Copy, Default,
    )]
    #[fory(id = 300)]
    pub enum Kind {
        #[default]
        A,
        B,
    }

    #[derive(::fory::ForySerialize, ::fory::ForyDeserialize, Debug, PartialEq)]
    #[fory(id = 301)]
    pub struct Empty {}
}

#[test]
fn derives_ignore_shadowed_names() {
    use shadowed::{Empty, Kind, Record};
    let mut fory = fory::Fory::builder().build();
    fory.register::<Record<'_, u16>>().unwrap();
    fory.register::<Kind>().unwrap();
    fory.register::<Empty>().unwrap();
    let v = Record {
        id: 1,
        text: "t".into(),
        maybe: Some(2),
        items: vec![3u16, 4],
        borrowed: "b",
        skipped: 0,
        kind: Kind::B,
    };
    let bytes = fory.serialize(&v).unwrap();
    let back: Record<'_, u16> = fory.deserialize(&bytes).unwrap();
    assert_eq!(back, Record { skipped: 7, ..v });
    let e: Empty = fory
        .deserialize(&fory.serialize(&Empty {}).unwrap())
        .unwrap();
    assert_eq!(e, Empty {});
}
