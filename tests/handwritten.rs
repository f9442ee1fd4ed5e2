//! The expansion `#[derive(ForySerialize, ForyDeserialize)]` produces, written by hand: it pins
//! the contract between the derive and the runtime and checks it against pyfory's bytes.

use fory::__private as p;
use fory::{Deserialize, Fory, ReadContext, Result, Serialize, TypeInfo, WriteContext};

/// `#[fory(name = "demo.Point")] struct Point { x: i32, y: f64, s: String, #[fory(rename = "myField")] my_field: i64 }`
#[derive(Debug, PartialEq, Default)]
struct Point {
    x: i32,
    y: f64,
    s: String,
    my_field: i64,
}

const _: () = {
    impl p::Registered for Point {
        fn type_key() -> p::TypeId {
            struct Key;
            p::TypeId::of::<Key>()
        }
        fn descriptor() -> p::TypeDescriptor {
            p::TypeDescriptor {
                rust_name: "Point",
                ident: p::TypeIdent::Named {
                    namespace: "demo".into(),
                    type_name: "Point".into(),
                },
                kind: p::DescriptorKind::Struct {
                    fields: vec![
                        p::FieldDef {
                            id: p::FieldId::Name("x".into()),
                            ty: <i32 as Serialize>::field_type(),
                        },
                        p::FieldDef {
                            id: p::FieldId::Name("y".into()),
                            ty: <f64 as Serialize>::field_type(),
                        },
                        p::FieldDef {
                            id: p::FieldId::Name("s".into()),
                            ty: <String as Serialize>::field_type(),
                        },
                        p::FieldDef {
                            id: p::FieldId::Name("myField".into()),
                            ty: <i64 as Serialize>::field_type(),
                        },
                    ],
                },
                // No prediction: the registry's order and the general field loop are used.
                static_order: None,
                static_scalars: &[],
            }
        }
    }

    impl p::StructFields for Point {
        fn write_field<'v>(
            &'v self,
            index: usize,
            ctx: &mut WriteContext<'_, 'v>,
            ty: &p::FieldType,
        ) -> Result<()> {
            match index {
                0 => p::write_field(&self.x, ctx, ty),
                1 => p::write_field(&self.y, ctx, ty),
                2 => p::write_field(&self.s, ctx, ty),
                3 => p::write_field(&self.my_field, ctx, ty),
                _ => Ok(()),
            }
        }
    }

    impl Serialize for Point {
        fn field_type() -> p::FieldType {
            p::FieldType {
                type_id: p::types::NAMED_STRUCT,
                nullable: false,
                track_ref: false,
                generics: Vec::new(),
                user: None,
            }
        }
        fn type_id(&self, ctx: &WriteContext<'_, '_>) -> u32 {
            p::user_type_id::<Self>(ctx)
        }
        fn write_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
            p::write_user_type_info::<Self>(ctx)
        }
        fn write_data<'v>(&'v self, ctx: &mut WriteContext<'_, 'v>) -> Result<()> {
            p::write_struct(self, ctx)
        }
    }

    impl<'de> p::StructRead<'de> for Point {
        fn fields_default() -> Self {
            Point {
                x: 0,
                y: 0.0,
                s: String::new(),
                my_field: 0,
            }
        }
        fn read_field_at(
            &mut self,
            local: usize,
            ctx: &mut ReadContext<'_, 'de>,
            ty: &std::sync::Arc<p::FieldType>,
        ) -> Result<()> {
            match local {
                0 => p::read_field_into(&mut self.x, ctx, ty),
                1 => p::read_field_into(&mut self.y, ctx, ty),
                2 => p::read_field_into(&mut self.s, ctx, ty),
                3 => p::read_field_into(&mut self.my_field, ctx, ty),
                _ => p::skip_field(ctx, ty),
            }
        }
    }

    impl<'de> Deserialize<'de> for Point {
        fn read_data(ctx: &mut ReadContext<'_, 'de>, info: &TypeInfo) -> Result<Self> {
            p::read_struct(ctx, info)
        }
    }
};

fn point() -> Point {
    Point {
        x: 1,
        y: 2.0,
        s: "a".into(),
        my_field: 5,
    }
}

#[test]
fn compatible_point_matches_pyfory_bytes() {
    let mut fory = Fory::builder().build();
    fory.register::<Point>().unwrap();
    let bytes = fory.serialize(&point()).unwrap();
    // pyfory 1.7.7: Fory(xlang=True) with @dataclass Point(x: Int32, y: float, s: str, myField: int)
    // registered as "demo.Point".
    let expected = fory_tests::pyfory_bytes(
        "Point(1, 2.0, 'a', 5)",
        "Fory(xlang=True)",
        "@dataclass\nclass Point:\n    x: pyfory.Int32\n    y: float\n    s: str\n    myField: int\nf.register_type(Point, name='demo.Point')",
    );
    assert_eq!(bytes, expected);
    let back: Point = fory.deserialize(&bytes).unwrap();
    assert_eq!(back, point());
}
