/**
 * Test-only: a minimal ONNX protobuf writer, enough to build tiny models in tests
 * (x [N,C,H,W] → Conv(no bias, VALID) → Relu → y) without any Python tooling.
 * Field numbers from onnx/onnx.proto: ModelProto{ir_version=1, producer_name=2, graph=7,
 * opset_import=8}, GraphProto{node=1, name=2, initializer=5, input=11, output=12},
 * NodeProto{input=1, output=2, name=3, op_type=4, attribute=5}, AttributeProto{name=1, ints=8,
 * type=20 (INTS=7)}, TensorProto{dims=1, data_type=2, name=8,
 * raw_data=9}, ValueInfoProto{name=1, type=2}, TypeProto{tensor_type=1},
 * TypeProto.Tensor{elem_type=1, shape=2}, TensorShapeProto{dim=1}, Dimension{dim_value=1, dim_param=2}.
 */

type Field = Uint8Array;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const int = (field: number, value: number): Field => Uint8Array.from([...varint(field << 3), ...varint(value)]);
const bytes = (field: number, value: Uint8Array): Field => concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(value.length)]), value]);
const str = (field: number, value: string): Field => bytes(field, new TextEncoder().encode(value));
const msg = (field: number, ...parts: Field[]): Field => bytes(field, concat(parts));

const FLOAT = 1;
const INTS = 7;

/** NodeProto.attribute with a list of ints (WebGPU kernels want Conv's attributes spelled out). */
const intsAttribute = (name: string, values: number[]): Field => msg(5, str(1, name), ...values.map((v) => int(8, v)), int(20, INTS));

/** ValueInfoProto of a float tensor; a string dimension is symbolic (e.g. the batch "N"). */
function valueInfo(field: number, name: string, shape: Array<number | string>): Field {
  const dims = shape.map((d) => msg(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  return msg(field, str(1, name), msg(2, msg(1, int(1, FLOAT), msg(2, ...dims))));
}

/**
 * ONNX bytes of `y = Relu(Conv(x, w))`, x: [N, inC, h, w] float, w: [outC, inC, k, k] (VALID, stride 1).
 * The graph also exposes the pre-ReLU tensor as a second output, "conv_out".
 */
export function convReluOnnx(inC: number, h: number, w: number, kernel: Float32Array, outC: number, k: number): Uint8Array {
  const oh = h - k + 1;
  const ow = w - k + 1;
  const weight = msg(5, int(1, outC), int(1, inC), int(1, k), int(1, k), int(2, FLOAT), str(8, 'w'), bytes(9, new Uint8Array(kernel.buffer.slice(0))));
  const graph = concat([
    msg(
      1,
      ...[str(1, 'x'), str(1, 'w'), str(2, 'conv_out'), str(3, 'conv'), str(4, 'Conv')],
      ...[intsAttribute('kernel_shape', [k, k]), intsAttribute('dilations', [1, 1]), intsAttribute('strides', [1, 1]), intsAttribute('pads', [0, 0, 0, 0])],
    ),
    msg(1, str(1, 'conv_out'), str(2, 'y'), str(3, 'relu'), str(4, 'Relu')),
    str(2, 'tiny'),
    weight,
    valueInfo(11, 'x', ['N', inC, h, w]),
    valueInfo(12, 'y', ['N', outC, oh, ow]),
    valueInfo(12, 'conv_out', ['N', outC, oh, ow]),
  ]);
  return concat([int(1, 8), str(2, 'ctsieve-test'), bytes(7, graph), msg(8, str(1, ''), int(2, 13))]);
}
