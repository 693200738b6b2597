# ruff: noqa: E501  (the pages keep one block per line, as scraped pages do)
"""Layouts of more outlets, as hand-made pages in each outlet's usual shape.

Each case is a short page written for the test (not copied from a site) that
follows the block order the outlet prints: menus, headline, date, byline,
caption, dateline, paragraphs with inline links, closing furniture.
"""

from __future__ import annotations

import pytest

from searchlib.ingest import Article, parse_page

PAGES: dict[str, str] = {
    "antaranew": """\
ANTARA News
Terkini
Terpopuler
Top News
BMKG: Waspadai Hujan Lebat di Sebagian Besar Wilayah Indonesia
Rabu, 23 November 2022 07:05 WIB
Ilustrasi - Hujan lebat. ANTARA/Shutterstock/am.
Jakarta (ANTARA) - Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) mengimbau masyarakat mewaspadai potensi hujan lebat yang disertai kilat dan angin kencang di sebagian besar wilayah Indonesia.
Prakirawan BMKG mengatakan hujan lebat berpotensi terjadi di Aceh, Sumatera Barat, Jawa Barat, Kalimantan Tengah, dan Papua pada Rabu.
Masyarakat diminta mewaspadai dampak cuaca ekstrem seperti banjir, tanah longsor, dan pohon tumbang.
Pewarta: Zubi Mahrofi
Editor: Budi Suyanto
COPYRIGHT © ANTARA 2022
""",
    "cnn": """\
CNN Indonesia
Nasional
Internasional
Ekonomi
Olahraga
Teknologi
Hiburan
Gaya Hidup
Nasional
Polisi Tangkap Tiga Pelaku Pembobolan ATM di Bekasi
CNN Indonesia
Rabu, 23 Nov 2022 14:30 WIB
Bagikan :
Ilustrasi penangkapan. (iStockphoto/kali9)
Jakarta, CNN Indonesia --
Polisi menangkap tiga pelaku pembobolan anjungan tunai mandiri (ATM) di kawasan Bekasi, Jawa Barat, setelah buron selama dua pekan.
Kapolres Metro Bekasi Kombes Hengki mengatakan para pelaku ditangkap di sebuah rumah kontrakan di Cikarang pada Selasa malam.
ADVERTISEMENT
SCROLL TO CONTINUE WITH CONTENT
"Ketiganya kami amankan tanpa perlawanan. Barang bukti berupa alat las dan uang tunai juga disita," ujar Hengki kepada wartawan.
Para pelaku dijerat pasal pencurian dengan pemberatan dengan ancaman hukuman maksimal tujuh tahun penjara.
(dis/tsa)
[Gambas:Video CNN]
Lihat Juga :
Kebakaran Gudang di Tangerang Hanguskan Puluhan Motor
BERITA TERKAIT
Polisi Buru Komplotan Pembobol ATM Lintas Provinsi
LAINNYA DI DETIKNETWORK
""",
    "kompasnew": """\
Kompas.com
News
Nasional
Megapolitan
KOMPAS.com
Nasional
Kapolri Mutasi 50 Perwira Tinggi, Ini Daftarnya
Kompas.com - 22/11/2022, 10:15 WIB
Lihat Foto
Kapolri Jenderal Listyo Sigit Prabowo di Mabes Polri, Jakarta, Senin (21/11/2022).(KOMPAS.com/RAHEL NARDA)
Penulis Rahel Narda Chaterine | Editor Bagus Santosa
JAKARTA, KOMPAS.com - Kapolri Jenderal Listyo Sigit Prabowo memutasi 50 perwira tinggi Polri dalam surat telegram yang diterbitkan pada Senin (21/11/2022).
Mutasi itu tertuang dalam Surat Telegram Nomor ST/2345/XI/KEP/2022 yang ditandatangani Asisten SDM Kapolri.
Baca juga: Kapolri Copot Kapolda yang Lalai Tangani Kasus Kekerasan
"Mutasi merupakan hal yang biasa dalam rangka penyegaran organisasi," kata Kepala Divisi Humas Polri kepada wartawan.
Sejumlah jabatan strategis ikut dirotasi, termasuk kepala kepolisian daerah di tiga provinsi.
Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran andalanmu akses berita Kompas.com WhatsApp Channel : https://www.whatsapp.com/channel/xyz
Baca berikutnya
Polisi Ungkap Penyebab Kecelakaan Bus di Tol
""",
    "kumparan": """\
kumparan
Beranda
Berita
Bisnis
Tekno
Bola
Harga Cabai Rawit di Pasar Induk Kramat Jati Tembus Rp 80 Ribu per Kg
kumparanBISNIS
22 November 2022 9:41 WIB
·
waktu baca 2 menit
Pedagang cabai di Pasar Induk Kramat Jati. Foto: Aditia Noviansyah/kumparan
Harga cabai rawit merah di Pasar Induk Kramat Jati, Jakarta Timur, kembali naik dan menembus Rp 80 ribu per kilogram pada Selasa (22/11).
Salah seorang pedagang, Ujang, mengatakan kenaikan harga dipicu berkurangnya pasokan dari sentra produksi di Jawa Tengah akibat cuaca buruk.
"Barangnya sedikit, yang datang cuma setengah dari biasanya. Jadi harga naik terus," kata Ujang.
Kementerian Perdagangan menyatakan akan memantau harga cabai dan berkoordinasi dengan pemerintah daerah untuk menjaga pasokan.
Tulis Komentar
Berita Terkait
Harga Bawang Merah Ikut Naik Jelang Natal
""",
    "suara": """\
Suara.com
News
Bisnis
Bola
Lifestyle
Entertainment
Otomotif
Tekno
Bupati Bogor Tinjau Lokasi Longsor di Cigudeg
Rabu, 23 November 2022 | 16:05 WIB
Bupati Bogor meninjau lokasi longsor. (Suara.com/Andi)
Suara.com - Bupati Bogor meninjau lokasi longsor di Kecamatan Cigudeg yang menimbun lima rumah warga pada Rabu dini hari.
Tidak ada korban jiwa dalam peristiwa tersebut karena warga sudah mengungsi sejak hujan deras mengguyur wilayah itu pada Selasa malam.
"Kami siapkan tempat pengungsian sementara dan dapur umum untuk warga terdampak," ujarnya.
Pemerintah kabupaten juga akan mengkaji relokasi warga yang tinggal di zona rawan longsor di kawasan perbukitan.
Kontributor : Andi Ahmad S
Tag
# longsor
# bogor
Berita Terkait
Banjir Bandang Terjang Garut
""",
    "tribun": """\
Tribunnews.com
Home
Nasional
Regional
Bisnis
Seleb
Sport
Tribunnews.com » Nasional » Politik
Jokowi Minta Menteri Percepat Penyaluran Bansos Jelang Akhir Tahun
Selasa, 22 November 2022 10:15 WIB
Penulis: Taufik Ismail
Editor: Adi Suhendi
zoom-in
Presiden Joko Widodo saat memimpin rapat terbatas di Istana Merdeka, Jakarta, Senin (21/11/2022). Tribunnews/Istimewa
Laporan Wartawan Tribunnews.com, Taufik Ismail
TRIBUNNEWS.COM, JAKARTA - Presiden Joko Widodo meminta para menteri mempercepat penyaluran bantuan sosial kepada masyarakat menjelang akhir tahun anggaran 2022.
Hal itu disampaikan Jokowi saat membuka sidang kabinet paripurna di Istana Negara, Jakarta, pada Selasa pagi.
Baca juga: Sri Mulyani Pastikan Anggaran Bansos Cukup hingga Desember
"Saya minta bansos segera disalurkan, jangan sampai ada keterlambatan yang merugikan rakyat kecil," kata Jokowi.
Menurut Jokowi, daya beli masyarakat perlu dijaga agar pertumbuhan ekonomi kuartal keempat tetap di atas lima persen.
Artikel ini telah tayang di Tribunnews.com dengan judul Jokowi Minta Menteri Percepat Penyaluran Bansos
Berita Populer
Ramalan Zodiak Hari Ini
Harga Emas Antam Turun
Copyright © 2022 Tribunnews.com
""",
}
# page -> (title, outlet, author, published, dateline, first words, last words)
EXPECTED: dict[str, tuple[str, str, str | None, str, str | None, str, str]] = {
    "antaranew": (
        "BMKG: Waspadai Hujan Lebat di Sebagian Besar Wilayah Indonesia",
        "Antara",
        "Zubi Mahrofi",
        "2022-11-23T07:05:00+07:00",
        "Jakarta",
        "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) mengimbau",
        "banjir, tanah longsor, dan pohon tumbang.",
    ),
    "cnn": (
        "Polisi Tangkap Tiga Pelaku Pembobolan ATM di Bekasi",
        "CNN Indonesia",
        None,
        "2022-11-23T14:30:00+07:00",
        "Jakarta",
        "Polisi menangkap tiga pelaku pembobolan anjungan tunai mandiri",
        "ancaman hukuman maksimal tujuh tahun penjara.",
    ),
    "kompasnew": (
        "Kapolri Mutasi 50 Perwira Tinggi, Ini Daftarnya",
        "Kompas",
        "Rahel Narda Chaterine",
        "2022-11-22T10:15:00+07:00",
        "Jakarta",
        "Kapolri Jenderal Listyo Sigit Prabowo memutasi 50 perwira tinggi",
        "kepala kepolisian daerah di tiga provinsi.",
    ),
    "kumparan": (
        "Harga Cabai Rawit di Pasar Induk Kramat Jati Tembus Rp 80 Ribu per Kg",
        "kumparan",
        None,
        "2022-11-22T09:41:00+07:00",
        None,
        "Harga cabai rawit merah di Pasar Induk Kramat Jati",
        "berkoordinasi dengan pemerintah daerah untuk menjaga pasokan.",
    ),
    "suara": (
        "Bupati Bogor Tinjau Lokasi Longsor di Cigudeg",
        "Suara",
        "Andi Ahmad S",
        "2022-11-23T16:05:00+07:00",
        None,
        "Bupati Bogor meninjau lokasi longsor di Kecamatan Cigudeg",
        "zona rawan longsor di kawasan perbukitan.",
    ),
    "tribun": (
        "Jokowi Minta Menteri Percepat Penyaluran Bansos Jelang Akhir Tahun",
        "Tribunnews",
        "Taufik Ismail",
        "2022-11-22T10:15:00+07:00",
        "Jakarta",
        "Presiden Joko Widodo meminta para menteri mempercepat",
        "kuartal keempat tetap di atas lima persen.",
    ),
}

# Furniture lines of these pages that must not reach the indexed text.
FURNITURE = (
    "Baca juga:",
    "Artikel ini telah tayang",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE",
    "(dis/tsa)",
    "Gambas",
    "Tulis Komentar",
    "Berita Terkait",
    "Lihat Foto",
    "WhatsApp Channel",
    "Pewarta:",
    "COPYRIGHT",
    "Kontributor :",
    "Harga Bawang Merah Ikut Naik",
    "Ramalan Zodiak",
)


def parsed(name: str) -> Article:
    return parse_page(PAGES[name], source_path=f"{name}.txt", article_id=name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outlet_layout(name: str) -> None:
    title, outlet, author, published, dateline, first, last = EXPECTED[name]
    article = parsed(name)
    assert article.title == title
    assert article.outlet == outlet
    assert article.author == author
    assert article.published is not None and article.published.isoformat() == published
    assert article.date_source == "header"
    assert article.dateline == dateline
    assert article.body[0].startswith(first)
    assert article.body[-1].endswith(last)
    indexed = "\n".join([article.title, *article.body, *(c.text for c in article.captions)])
    for furniture in FURNITURE:
        assert furniture not in indexed


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outlet_layout_caption_is_kept_apart(name: str) -> None:
    article = parsed(name)
    assert len(article.captions) == 1
    caption = article.captions[0]
    assert caption.credit
    assert caption.credit not in caption.text
    assert caption.text not in article.body
