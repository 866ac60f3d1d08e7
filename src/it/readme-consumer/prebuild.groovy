// Writes the README's new project into this IT's copy: every code block the README marks with
// <!-- readme-consumer:PATH --> ... <!-- /readme-consumer:PATH --> becomes the file PATH, unchanged, and
// a block marked PATH+ goes at the end of that file (the pom's gpu profile, before </project>), so a
// README snippet that stops working fails this test. The recordings are the ITs' shared ones.
import java.nio.file.Files
import java.nio.file.StandardCopyOption

def repository = new File(basedir, '../../../..').canonicalFile   // cvt-maven-plugin/target/it/readme-consumer
def readme = new File(repository, 'README.md')
assert readme.isFile() : "no README.md at ${readme}"
def blocks = (readme.getText('UTF-8') =~ /(?s)<!-- readme-consumer:(\S+) -->\s*```\w*\n(.*?)```\s*<!-- \/readme-consumer:\1 -->/)
        .collect { [path: it[1], text: it[2]] }
assert blocks*.path.sort() == ['pom.xml', 'pom.xml+', 'src/main/cvt/tiny.yaml'] : "README.md's marked snippets: ${blocks*.path}"
blocks.findAll { !it.path.endsWith('+') }.each { block ->
    def file = new File(basedir, block.path)
    file.parentFile.mkdirs()
    file.setText(block.text, 'UTF-8')
}
blocks.findAll { it.path.endsWith('+') }.each { block ->
    def file = new File(basedir, block.path - '+')
    def text = file.getText('UTF-8')
    assert text.contains('</project>')
    file.setText(text.replace('</project>', block.text + '</project>'), 'UTF-8')
}
def recordings = new File(repository, 'src/it/_tiny-experiment/recordings').toPath()
recordings.toFile().eachFileRecurse(groovy.io.FileType.FILES) { source ->
    def target = new File(basedir, 'recordings').toPath().resolve(recordings.relativize(source.toPath()))
    Files.createDirectories(target.parent)
    Files.copy(source.toPath(), target, StandardCopyOption.REPLACE_EXISTING)
}
return true
