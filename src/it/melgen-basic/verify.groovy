import javax.imageio.ImageIO

def root = new File(basedir, 'target/dataset')
// 2 classes x 2 recordings of 50 samples -> 100 points -> 2 windows each: 4 per class, 3 train + 1 val
['train/curl', 'train/raise'].each { dir ->
    (1..6).each { d -> assert new File(root, "$dir/dim$d/2.jpg").isFile() }
    assert !new File(root, "$dir/dim1/3.jpg").exists()
}
def image = ImageIO.read(new File(root, 'val/raise/dim6/0.jpg'))
assert image.width == 64 && image.height == 48

def npy = new File(root, 'train/curl/mel/0.npy').bytes
def header = new String(npy, 10, (npy[8] & 0xff) | ((npy[9] & 0xff) << 8), 'US-ASCII')
assert header.contains("'descr': '<f4'") && header.contains("'shape': (6, 12, 41)")
assert npy.length == 10 + header.length() + 4 * 6 * 12 * 41

def manifest = new File(root, 'manifest.csv').readLines()
assert manifest[0] == 'id,class,split,index,source,window,start_s'
assert manifest.size() == 1 + 8
assert new File(root, 'config.yaml').text.contains('IMAGE_SIZE')

def log = new File(basedir, 'build.log').text
assert log.contains('split  class   samples    images')
assert log.contains('8 samples, 48 images in')
return true
