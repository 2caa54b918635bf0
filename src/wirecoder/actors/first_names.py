"""Common given names (our own list), for recognising person names the knowledge base
does not hold ("Heinrich Schulte sagte ...").  Used by :mod:`wirecoder.actors.names`
together with the first names of every person in ``office_holders.tsv``.

A name here only says "a capitalised word after this is probably a surname"; it is
never a mention on its own.  Names that are also frequent capitalised German or
English words or places ("Mai", "Paris", "Will", "Mark" as a currency, "Georgia") are
left out on purpose.
"""

from __future__ import annotations

_NAMES = """
Aaron Abdul Abdullah Achim Adam Adrian Agnes Ahmad Ahmed Aisha Alain Alan Albert Alberto
Albrecht Alejandro Aleksandar Aleksander Alexander Alexandra Alexandre Alexei Alexej Alfons
Alfred Ali Alice Alina Alois Amanda Amelie Amir Ana Anastasia Anders Andre André Andrea
Andreas Andrei Andrej Andrew Andrzej Andy Angela Angelika Angelo Anika Anita Anja Anke Ann
Anna Annalena Anne Annegret Annette Anni Antje Anton Antonio Anthony Armin Arnd Arne Arnold
Arthur Artur Astrid Axel Ayşe Barack Barbara Bärbel Bastian Beate Ben Benedikt Benjamin
Bernd Bernhard Bert Berthold Bettina Bianca Bill Birgit Björn Bob Bodo Boris Brian Brigitte
Bruno Burkhard Carl Carla Carlo Carlos Carmen Carola Caroline Carsten Caspar Catherine
Cathrin Cem Charles Charlotte Chris Christa Christian Christiane Christina Christine
Christoph Christopher Clara Claudia Claus Clemens Colin Conny Conrad Constanze Cornelia
Cristina Dagmar Daniel Daniela Dario David Dean Denis Dennis Detlef Detlev Diana Dick Diego
Dieter Dietmar Dietrich Dimitri Dimitrij Dirk Dmitri Dmitrij Dmitry Dominik Dominique Donald
Doris Dorothea Dorothee Edith Edmund Eduard Eduardo Edward Egon Ekaterina Elena Eli Elias
Elisabeth Elizabeth Elke Ellen Elmar Emil Emilia Emily Emma Emmanuel Enrico Erhard Eric Erich
Erik Erika Ernst Erwin Esther Eva Evelyn Ewald Fabian Falk Felix Ferdinand Fernando Filip
Florian Francesco Francis Francisco François Frank Franz Franziska Frauke Fred Frederik
Friedhelm Friedrich Fritz Gabriel Gabriele Georg George Georgi Gerald Gerd Gerda Gerhard
Gerhart Gernot Gert Gertrud Gesine Gianni Gil Gilbert Gisela Giorgio Giovanni Giuseppe
Gordon Gottfried Greg Gregor Gregory Gudrun Guido Gunnar Günter Günther Gustav Hakan Hamid
Hanna Hannah Hannelore Hannes Hans Harald Harry Hartmut Hasan Hassan Heidi Heike Heiko Heinrich
Heinz Helena Helene Helga Helmut Helmuth Henning Henri Henrik Henry Herbert Hermann Hilde
Hildegard Holger Horst Hubert Hubertus Hugo Hussein Ibrahim Igor Ilja Ilse Ina Ines Ingo
Ingrid Inge Irene Irina Isabel Isabella Isabelle Ivan Iwan Jack Jacob Jacques Jakob
James Jan Jana Jane Janet Janina Janine Jannik Jasmin Javier Jean Jeanette Jeffrey Jennifer
Jens Jeremy Jessica Jim Joachim Jochen Joe Johan Johann Johanna Johannes John Jonas Jonathan
Jörg Jorge Josef Joseph Josephine José Juan Judith Jules Julia Julian Juliane Julie Julius
Jürgen Justin Jutta Karin Karl Karen Karsten Katarina Katharina Kathrin Katja Katrin
Kay Kemal Kenneth Kerstin Kevin Kim Klaus Knut Konrad Konstantin Kristina Kurt Lars Laura
Laurent Lea Lena Leo Leon Leonid Leonie Lisa Lothar Louis Luca Lucas Ludwig Luis Luise
Lukas Lutz Magdalena Mahmoud Mahmud Maike Malte Manfred Manuel Manuela Marc Marcel Marco
Marcus Margaret Margarete Margit Maria Marianne Marie Marina Mario Marion Marius Marko Markus
Marlene Martha Martin Martina Mary Mathias Matteo Matthew Matthias Max Maxim Maximilian
Mehmet Melanie Meret Michael Michaela Michail Michel Michelle Miguel Mike Mikhail Milan
Miriam Mohamed Mohammad Mohammed Monika Moritz Muhammad Mustafa Nadine Nadja Natalia Natalie
Nathalie Nicholas Nick Nico Nicola Nicolas Nicole Niels Nikita Niklas Nikolai Nikolaus Nils
Nina Nora Norbert Olaf Oleg Oliver Olivia Olga Omar Oskar Otto Pascal Patricia Patrick Paul
Paula Pauline Pavel Pawel Pedro Peer Peter Petra Philip Philipp Philippe Pierre Pietro
Piotr Rafael Rainer Ralf Ralph Ramona Raphael Rebecca Regina Reinhard Reinhold Renate René
Richard Rita Robert Roberto Robin Roger Roland Rolf Ronald Rosa Rüdiger Rudolf Rudi
Rupert Ruth Sabine Sabrina Salvatore Sami Samuel Sandra Sara Sarah Sascha Sebastian Serge
Sergei Sergej Sergey Sergio Siegfried Siegmar Sigmar Silke Silvia Simon Simone Sofia Sonja
Sophie Stefan Stefanie Steffen Stephan Stephanie Steve Steven Susanne Svenja Sven Swen
Tanja Tatiana Tatjana Thilo Thomas Thorsten Tilman Tim Timo Tina Tobias Tom Tomas Tomasz
Toni Tony Torsten Udo Ulf Ulla Ulrich Ulrike Ursula Uta Ute Uwe Valentin Valerie Vanessa
Vera Veronika Viktor Viktoria Vincent Vladimir Volker Waldemar Walter Werner Wiebke Wilfried
Wilhelm Willi William Willy Winfried Wjatscheslaw Wladimir Wolfgang Wolodymyr Yannick
Yasmin Yuri Yusuf Zoe
"""

FIRST_NAMES: frozenset[str] = frozenset(_NAMES.split())
