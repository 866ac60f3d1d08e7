// platform as Maven saw it (os.name-os.arch) -> the classifier the consumer's resolution asks for;
// osx-x86_64 and linux-aarch64 are not on Maven Central, so there the plugin fails to resolve naming them
def expected = [
    'Linux-amd64'  : 'linux-x86_64',
    'macos-aarch64': 'osx-aarch64',
    'macos-x86_64' : 'osx-x86_64',
    'Linux-aarch64': 'linux-aarch64',
]
for (def platform : expected.keySet()) {
    def classifier = expected[platform]
    def tree = new File(basedir, "target/native-${platform}.txt")
    assert tree.isFile() : "no dependency tree for $platform"
    def natives = tree.readLines().findAll { it.contains('pytorch-native-cpu') }
    assert natives.size() == 1 && natives[0].contains("ai.djl.pytorch:pytorch-native-cpu:jar:${classifier}:") :
        "$platform: $natives"
}
